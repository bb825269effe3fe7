package org.tongfa.security;

import java.util.List;

/**
 * The roles each kind of endpoint accepts, as names for Spring Security's {@code hasAnyRole}. The roles
 * themselves are {@link Role}; a configured API token holds every role but {@code ADMIN}
 * ({@link #SERVICE_ROLES}).
 */
public final class Roles {

    /** Any of these may call the editors' API ({@link AccessRules.Access#API}). */
    public static final List<String> EDITORIAL = names(Role.DRAFTER, Role.REVIEWER, Role.CONFIDENTIALITY, Role.SIGNER,
            Role.ADMIN);

    /** Any of these may read health details, metrics and Prometheus ({@link AccessRules.Access#OPERATIONS}). */
    public static final List<String> OPERATIONS = names(Role.OPERATOR, Role.ADMIN);

    /** What a configured API token is granted: every role but {@code ADMIN}, on every column. */
    static final java.util.Set<Role> SERVICE_ROLES = java.util.EnumSet.complementOf(java.util.EnumSet.of(Role.ADMIN));

    private Roles() {
    }

    private static List<String> names(Role... roles) {
        return java.util.Arrays.stream(roles).map(Role::name).toList();
    }
}
