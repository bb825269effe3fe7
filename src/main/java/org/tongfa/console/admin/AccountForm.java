package org.tongfa.console.admin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;
import org.tongfa.account.Account;
import org.tongfa.security.Role;

/**
 * An account form as typed (never its password): names, kind, active, and for each role whether it is
 * held and on which columns. Rendered back unchanged when the API refuses it, so nothing typed is lost.
 *
 * <p>Form fields: {@code login}, {@code displayName}, {@code department}, {@code kind} ({@code PERSON} or
 * {@code SERVICE}), {@code active}, {@code role} (one per role held), {@code scope.<ROLE>} ({@code all}
 * or {@code some}) and {@code columns.<ROLE>} (one per column chosen).
 */
public record AccountForm(String login, String displayName, String department, boolean service, boolean active,
        Map<Role, Grant> grants) {

    /**
     * One role on the form.
     *
     * @param held the role is ticked
     * @param all on every column (the API's empty list), else on {@code columns} only
     * @param columns the column keys ticked
     */
    public record Grant(boolean held, boolean all, Set<String> columns) {

        public boolean has(String column) {
            return columns.contains(column);
        }
    }

    /** An empty form for a new person. */
    static AccountForm blank() {
        Map<Role, Grant> grants = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            grants.put(role, new Grant(false, true, Set.of()));
        }
        return new AccountForm("", "", "", false, true, grants);
    }

    /** The form showing an account as it is. */
    static AccountForm of(Account account) {
        Map<Role, Grant> grants = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Set<String> columns = account.roles().get(role);
            grants.put(role, columns == null ? new Grant(false, true, Set.of())
                    : new Grant(true, columns.isEmpty(), Set.copyOf(columns)));
        }
        return new AccountForm(account.login(), account.displayName(),
                account.department() == null ? "" : account.department(),
                account.kind() == Account.Kind.SERVICE, account.active(), grants);
    }

    /** The form as posted. */
    static AccountForm read(MultiValueMap<String, String> form) {
        List<String> held = form.getOrDefault("role", List.of());
        Map<Role, Grant> grants = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            boolean all = !"some".equals(form.getFirst("scope." + role.name()));
            grants.put(role, new Grant(held.contains(role.name()), all,
                    new LinkedHashSet<>(form.getOrDefault("columns." + role.name(), List.of()))));
        }
        return new AccountForm(text(form, "login"), text(form, "displayName"), text(form, "department"),
                "SERVICE".equals(form.getFirst("kind")), "true".equals(form.getFirst("active")), grants);
    }

    private static String text(MultiValueMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value == null ? "" : value;
    }

    /**
     * The roles as the API takes them: role name to column keys, an empty list for every column. A role
     * ticked "some columns" with none chosen is the one thing the form must refuse itself: sent as is it
     * would mean every column.
     */
    Map<String, List<String>> roles(Map<String, String> problems) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        grants.forEach((role, grant) -> {
            if (!grant.held()) {
                return;
            }
            if (!grant.all() && grant.columns().isEmpty()) {
                problems.put("roles." + role.name(), "请至少选择一个栏目，或选择“全部栏目”");
            }
            roles.put(role.name(), grant.all() ? List.of() : new ArrayList<>(grant.columns()));
        });
        return roles;
    }
}
