package org.tongfa.security;

/**
 * The roles a person or a service account holds (issue 11). Each is granted for every column or for a
 * list of columns ({@link Caller#grants()}); as a Spring Security authority it is {@code ROLE_<name>},
 * held when the role is granted on at least one column, so an endpoint can demand the role and the
 * feature then checks the column.
 */
public enum Role {
    /** 拟稿: writes items and proposes their disclosure attribute. */
    DRAFTER("拟稿人"),
    /** 审核: the office's review step. */
    REVIEWER("审核人"),
    /** 保密审查: the confidentiality check. */
    CONFIDENTIALITY("保密审查员"),
    /** 签发: the leader's sign-off, and retraction. */
    SIGNER("签发人"),
    /** Channels, retries, screens. */
    OPERATOR("运维"),
    /** Accounts and tokens. */
    ADMIN("管理员");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The role's name in the console and in refusals. */
    public String label() {
        return label;
    }

    /** The Spring Security authority, {@code ROLE_<name>}. */
    public String authority() {
        return "ROLE_" + name();
    }
}
