package org.tongfa.console;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tongfa.account.AccountRefusal;
import org.tongfa.account.PasswordChange;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * 我的账号: who I am to the service (login, name, department, each role with its columns) and my password,
 * changed through {@link PasswordChange}, the same call as {@code PUT /api/v1/me/password}. A refusal is
 * shown next to its field; the passwords typed are never written back into the page.
 */
@Controller
class ConsoleMeController {

    private final PasswordChange passwords;
    private final ConsoleLabels labels;

    ConsoleMeController(PasswordChange passwords, ConsoleLabels labels) {
        this.passwords = passwords;
        this.labels = labels;
    }

    @GetMapping("/console/me")
    String me(Model model) {
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.none());
        }
        model.addAttribute("roles", roles(Caller.current().orElseThrow()));
        return "console/me/me";
    }

    @PostMapping("/console/me/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String repeat,
            Model model, RedirectAttributes redirect) {
        Caller me = Caller.current().orElseThrow();
        FormErrors errors = FormErrors.none();
        if (!repeat.equals(password)) {
            // The form's own check that the new password was typed as meant; the rules are the service's.
            errors.add("repeat", "两次输入的新密码不一致");
        } else {
            try {
                passwords.change(me, currentPassword, password);
                redirect.addFlashAttribute("changed", true);
                return "redirect:/console/me";
            } catch (AccountRefusal refusal) {
                errors = FormErrors.of(refusal);
            }
        }
        model.addAttribute("errors", errors);
        return me(model);
    }

    /** Each role held, in the roles' order, with its columns' names ({@code 全部栏目} for every column). */
    private Map<Role, String> roles(Caller caller) {
        Map<Role, String> roles = new EnumMap<>(Role.class);
        caller.grants().forEach((role, columns) -> roles.put(role, columns(columns)));
        return roles;
    }

    private String columns(Set<String> columns) {
        return columns.isEmpty() ? "全部栏目" : columns.stream().map(labels::column).collect(Collectors.joining("、"));
    }
}
