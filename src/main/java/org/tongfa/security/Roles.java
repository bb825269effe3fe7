package org.tongfa.security;

import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The roles a caller can hold, as Spring Security authorities ({@code ROLE_<name>}). The editorial roles
 * follow the office's workflow: 拟稿 (drafter), 审核 (reviewer), 签发 (signer); {@code ADMIN} runs the
 * service. {@code SERVICE} marks a machine caller (a configured API token): it holds every editorial role
 * and may read the operational endpoints, but is not an administrator.
 *
 * <p>Today only configured tokens exist; accounts with their own roles and tokens join by granting
 * these same authorities, so the rules in {@link AccessRules} need not change.
 */
public final class Roles {

    public static final String DRAFTER = "DRAFTER";
    public static final String REVIEWER = "REVIEWER";
    public static final String SIGNER = "SIGNER";
    public static final String ADMIN = "ADMIN";
    public static final String SERVICE = "SERVICE";

    /** Any of these may call the editors' API ({@link AccessRules.Access#API}). */
    public static final List<String> EDITORIAL = List.of(DRAFTER, REVIEWER, SIGNER, ADMIN);

    /** Any of these may read health details, metrics and Prometheus ({@link AccessRules.Access#OPERATIONS}). */
    public static final List<String> OPERATIONS = List.of(ADMIN, SERVICE);

    /** What a configured API token is granted: every role but {@code ADMIN}. */
    static final List<GrantedAuthority> SERVICE_AUTHORITIES = authorities(DRAFTER, REVIEWER, SIGNER, SERVICE);

    private Roles() {
    }

    static List<GrantedAuthority> authorities(String... roles) {
        return java.util.Arrays.stream(roles).<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    }
}
