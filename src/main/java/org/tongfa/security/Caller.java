package org.tongfa.security;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: an account (a person or a service account) or a configured API token, with the roles
 * it holds and the columns each role covers. Features ask it, not Spring Security, whether the caller
 * may act on an item's column; the principal of every authenticated request is one.
 *
 * @param login the login name, recorded as the actor of what it changes
 * @param displayName the name people read (审核人 and 签发人 on pages), in Chinese for people
 * @param department the caller's department, or {@code null}
 * @param grants each role held, with the columns it covers; an empty set covers every column
 */
public record Caller(String login, String displayName, String department, Map<Role, Set<String>> grants) {

    public Caller {
        EnumMap<Role, Set<String>> copy = new EnumMap<>(Role.class);
        grants.forEach((role, columns) -> copy.put(role, Collections.unmodifiableSet(new LinkedHashSet<>(columns))));
        grants = Collections.unmodifiableMap(copy);
    }

    /** A caller holding {@code roles} on every column. */
    public static Caller everywhere(String login, String displayName, Set<Role> roles) {
        Map<Role, Set<String>> grants = new EnumMap<>(Role.class);
        roles.forEach(role -> grants.put(role, Set.of()));
        return new Caller(login, displayName, null, grants);
    }

    /** Whether the caller holds {@code role} on at least one column. */
    public boolean holds(Role role) {
        return grants.containsKey(role);
    }

    /** Whether the caller holds {@code role} on {@code column}. */
    public boolean holds(Role role, String column) {
        Set<String> columns = grants.get(role);
        return columns != null && (columns.isEmpty() || columns.contains(column));
    }

    /** The authorities for Spring Security: {@code ROLE_<name>} for every role held anywhere. */
    public List<GrantedAuthority> authorities() {
        return grants.keySet().stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority())).toList();
    }

    /** The caller of the current request, if it is authenticated as one. */
    public static Optional<Caller> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The caller an authentication stands for, if it stands for one. */
    public static Optional<Caller> of(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }
}
