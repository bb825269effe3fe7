package org.tongfa.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tongfa.security.Caller;
import org.tongfa.security.ConsoleSso;

/**
 * The sign-in page. The form posts to the same path, where Spring Security's form login checks the
 * password ({@code ConsoleSecurity}); a refusal comes back here as {@code ?error=wrong|locked|disabled}. With
 * single sign-on configured ({@link ConsoleSso}) the page offers a button per provider; its refusals come back
 * as {@code ?error=sso-account} (no usable account) or {@code ?error=sso}.
 */
@Controller
class ConsoleLoginController {

    private final ConsoleSso sso;

    ConsoleLoginController(ConsoleSso sso) {
        this.sso = sso;
    }

    @GetMapping("/console/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String signedOut,
            Model model) {
        if (Caller.current().isPresent()) {
            return "redirect:/console/";
        }
        model.addAttribute("error", error == null ? null : switch (error) {
            case "locked" -> "登录失败次数过多，此账号在本机暂被锁定，请稍后再试。";
            case "disabled" -> "账号已停用，请联系管理员。";
            case "sso-account" -> "该统一身份账号未在统发开通，请联系管理员。";
            case "sso" -> "统一身份认证登录未成功，请重试，或使用登录名和密码登录。";
            default -> "登录名或密码错误。";
        });
        model.addAttribute("signedOut", signedOut != null);
        model.addAttribute("sso", sso.options());
        return "console/login";
    }
}
