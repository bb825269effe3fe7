package org.tongfa.console.admin;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tongfa.account.Account;
import org.tongfa.account.AccountController;
import org.tongfa.account.AccountRefusal;
import org.tongfa.account.AccountToken;
import org.tongfa.account.Accounts;
import org.tongfa.common.BeijingTime;
import org.tongfa.console.FormErrors;
import org.tongfa.item.ColumnController;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * 账号与角色 and API 令牌: the accounts, one account's form (names, roles on columns, active) with its
 * password reset, and its tokens. Each change is the API's: the same request record validated the same
 * way, then the same {@link Accounts} call with the signed-in administrator as the actor, which records
 * the same audit row. A refused form comes back with what was typed (never a password) and each problem
 * next to its field.
 */
@Controller
class AccountPages {

    private final Accounts accounts;
    private final ColumnController columns;
    private final Validator validator;

    AccountPages(Accounts accounts, ColumnController columns, Validator validator) {
        this.accounts = accounts;
        this.columns = columns;
        this.validator = validator;
    }

    /** An account as the list shows it. */
    public record AccountRow(Account account, String roles) {
    }

    @GetMapping("/console/admin/accounts")
    String list(Model model) {
        listAccounts(model);
        return form(model, AccountForm.blank(), FormErrors.none());
    }

    @PostMapping("/console/admin/accounts")
    String create(@RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        AccountForm typed = AccountForm.read(form);
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, List<String>> roles = typed.roles(problems);
        String password = typed.service() ? null : form.getFirst("password");
        AccountController.CreateRequest request = new AccountController.CreateRequest(typed.login(), typed.displayName(),
                typed.department(), typed.service(), roles, password);
        FormErrors errors = AdminRefusals.validate(validator, request, problems);
        if (errors.isEmpty()) {
            try {
                Account created = accounts.create(new Accounts.NewAccount(request.login(), request.displayName(),
                        request.department(), typed.service() ? Account.Kind.SERVICE : Account.Kind.PERSON, roles,
                        password), actor());
                redirect.addFlashAttribute("done", "已新建账号 " + created.login() + "（" + created.displayName() + "）。");
                return "redirect:/console/admin/accounts/" + created.login();
            } catch (AccountRefusal refusal) {
                errors = FormErrors.of(refusal);
            }
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        listAccounts(model);
        return form(model, typed, errors);
    }

    @GetMapping("/console/admin/accounts/{login}")
    String edit(@PathVariable String login, Model model) {
        Account account = accounts.get(login);
        model.addAttribute("account", account);
        model.addAttribute("passwordErrors", FormErrors.none());
        return form(model, AccountForm.of(account), FormErrors.none());
    }

    @PostMapping("/console/admin/accounts/{login}")
    String change(@PathVariable String login, @RequestParam MultiValueMap<String, String> form, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Account account = accounts.get(login);
        AccountForm typed = AccountForm.read(form);
        typed = new AccountForm(login, typed.displayName(), typed.department(), account.kind() == Account.Kind.SERVICE,
                typed.active(), typed.grants());
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, List<String>> roles = typed.roles(problems);
        AccountController.ChangeRequest request = new AccountController.ChangeRequest(typed.displayName(),
                typed.department(), roles, typed.active());
        FormErrors errors = AdminRefusals.validate(validator, request, problems);
        if (errors.isEmpty()) {
            try {
                accounts.change(login, new Accounts.Change(request.displayName(), request.department(), roles,
                        request.active()), actor());
                redirect.addFlashAttribute("done", "已保存账号 " + login + " 的修改。");
                return "redirect:/console/admin/accounts/" + login;
            } catch (AccountRefusal refusal) {
                errors = FormErrors.of(refusal);
            }
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("account", account);
        model.addAttribute("passwordErrors", FormErrors.none());
        return form(model, typed, errors);
    }

    @PostMapping("/console/admin/accounts/{login}/password")
    String resetPassword(@PathVariable String login, @RequestParam(required = false) String password, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Account account = accounts.get(login);
        AccountController.PasswordRequest request = new AccountController.PasswordRequest(password);
        FormErrors errors = AdminRefusals.validate(validator, request, Map.of());
        if (errors.isEmpty()) {
            try {
                accounts.resetPassword(login, password, actor());
                redirect.addFlashAttribute("done", "已为 " + login + " 设置新密码。");
                return "redirect:/console/admin/accounts/" + login;
            } catch (AccountRefusal refusal) {
                errors = FormErrors.of(refusal);
            }
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("account", account);
        model.addAttribute("passwordErrors", errors);
        return form(model, AccountForm.of(account), FormErrors.none());
    }

    @GetMapping("/console/admin/accounts/{login}/tokens")
    String tokens(@PathVariable String login, Model model) {
        return tokensPage(model, accounts.get(login), "", "", FormErrors.none());
    }

    @PostMapping("/console/admin/accounts/{login}/tokens")
    String createToken(@PathVariable String login, @RequestParam(required = false) String name,
            @RequestParam(required = false) String expiresAt, Model model, HttpServletResponse response) {
        Account account = accounts.get(login);
        String typedName = name == null ? "" : name;
        String typedExpiry = expiresAt == null ? "" : expiresAt;
        FormErrors errors;
        Instant expiry = null;
        try {
            expiry = typedExpiry.isBlank() ? null : LocalDateTime.parse(typedExpiry).atZone(BeijingTime.ZONE).toInstant();
            AccountController.TokenRequest request = new AccountController.TokenRequest(typedName, expiry);
            errors = AdminRefusals.validate(validator, request, Map.of());
        } catch (DateTimeParseException unreadable) {
            errors = FormErrors.none().add("expiresAt", "无法识别的时间，请按 2026-12-01 09:30 的格式填写");
        }
        if (errors.isEmpty()) {
            try {
                AccountToken.Issued issued = accounts.createToken(login, typedName, expiry, actor());
                // The secret is on this answer only: no cache may keep it, and no page shows it again.
                response.setHeader("Cache-Control", "no-store");
                model.addAttribute("account", account);
                model.addAttribute("issued", issued);
                return "console/admin/token-created";
            } catch (AccountRefusal refusal) {
                errors = FormErrors.of(refusal);
            }
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return tokensPage(model, account, typedName, typedExpiry, errors);
    }

    @PostMapping("/console/admin/accounts/{login}/tokens/{id}/revoke")
    String revoke(@PathVariable String login, @PathVariable String id, RedirectAttributes redirect) {
        AccountToken token = accounts.revoke(login, id, actor());
        redirect.addFlashAttribute("done", "已吊销令牌“" + token.name() + "”，它已无法再使用。");
        return "redirect:/console/admin/accounts/" + login + "/tokens";
    }

    /** No such account or token: a page saying so, 404. */
    @ExceptionHandler(AccountRefusal.class)
    String missing(AccountRefusal refusal, Model model, HttpServletResponse response) {
        response.setStatus(refusal.kind() == AccountRefusal.Kind.NOT_FOUND ? 404 : 409);
        model.addAttribute("reason", FormErrors.chinese(refusal.getMessage()));
        return "console/admin/missing";
    }

    private String tokensPage(Model model, Account account, String name, String expiresAt, FormErrors errors) {
        model.addAttribute("account", account);
        model.addAttribute("tokens", accounts.tokens(account.login()));
        model.addAttribute("name", name);
        model.addAttribute("expiresAt", expiresAt);
        model.addAttribute("errors", errors);
        return "console/admin/tokens";
    }

    private String form(Model model, AccountForm form, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("columns", columns.columns());
        model.addAttribute("roles", Role.values());
        Map<String, String> roleErrors = new LinkedHashMap<>();
        errors.getFields().forEach((field, message) -> {
            for (Role role : Role.values()) {
                if (field.equals("roles." + role.name()) || field.startsWith("roles." + role.name() + "[")) {
                    roleErrors.merge(role.name(), message, (a, b) -> a + "；" + b);
                }
            }
        });
        model.addAttribute("roleErrors", roleErrors);
        return model.containsAttribute("account") ? "console/admin/account" : "console/admin/accounts";
    }

    private void listAccounts(Model model) {
        Map<String, String> names = new LinkedHashMap<>();
        columns.columns().forEach(c -> names.put(c.key(), c.name()));
        model.addAttribute("accounts", accounts.list().stream()
                .map(a -> new AccountRow(a, AdminNames.roles(a.roles(), names))).toList());
    }

    private static String actor() {
        return Caller.current().map(Caller::login).orElse(null);
    }
}
