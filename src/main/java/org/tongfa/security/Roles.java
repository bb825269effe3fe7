package org.tongfa.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The groups of {@link Role}s that endpoints accept ({@link AccessRules}), and what a configured API
 * token holds when its roles are not configured ({@link #SERVICE_ROLES}).
 */
public final class Roles {

    /** The editorial roles: who writes, reviews and signs items. */
    public static final Set<Role> EDITORIAL = of(Role.DRAFTER, Role.REVIEWER, Role.CONFIDENTIALITY, Role.SIGNER);

    /** The roles that take a review step: office review, the confidentiality check, the sign-off. */
    public static final Set<Role> REVIEWING = of(Role.REVIEWER, Role.CONFIDENTIALITY, Role.SIGNER);

    /** Who looks after the channels, retries and screens: operators and administrators. */
    public static final Set<Role> OPERATIONS = of(Role.OPERATOR, Role.ADMIN);

    /** The editorial roles and operations: both read where an item stands on each channel. */
    public static final Set<Role> EDITORIAL_AND_OPERATIONS = Collections.unmodifiableSet(EnumSet.allOf(Role.class));

    /** What a configured API token is granted unless configured otherwise: every role but {@code ADMIN}, on every column. */
    public static final Set<Role> SERVICE_ROLES = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Role.ADMIN)));

    private Roles() {
    }

    private static Set<Role> of(Role first, Role... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }
}
