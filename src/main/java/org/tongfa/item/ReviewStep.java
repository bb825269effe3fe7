package org.tongfa.item;

import java.util.Locale;
import java.util.Optional;
import org.tongfa.security.Role;

/**
 * A step of a column's review chain (三审), named in configuration by its lower-case name, and the
 * role that takes it. Its approval is recorded with the step; the last step of a chain is the sign-off
 * (签发).
 */
public enum ReviewStep {
    /** 科室/办公室审核: the office's review, which also confirms or changes the disclosure attribute. */
    OFFICE(Role.REVIEWER, "办公室审核"),
    /** 保密审查: records 涉密/不涉密 and its basis. */
    CONFIDENTIALITY(Role.CONFIDENTIALITY, "保密审查"),
    /** 签发: the leader's sign-off. */
    SIGNER(Role.SIGNER, "签发");

    private final Role role;
    private final String label;

    ReviewStep(Role role, String label) {
        this.role = role;
        this.label = label;
    }

    /** The step's name as editors read it: 办公室审核, 保密审查, 签发. */
    public String label() {
        return label;
    }

    /** The role that takes this step, on the item's column. */
    public Role role() {
        return role;
    }

    /** The step's name in configuration and in the API. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The step a configuration or API name stands for, if any. */
    public static Optional<ReviewStep> of(String key) {
        for (ReviewStep step : values()) {
            if (step.key().equals(key)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
