package org.tongfa.common;

import java.util.Map;

/**
 * Something that happened and must be on the audit trail (issue 11): published as a Spring application
 * event by whoever did it, inside its transaction, and appended by the audit trail as one hash-chained
 * row. Publishing it is the only way to write the trail.
 *
 * @param action what was done
 * @param actor the login name of who did it, or {@code null} for the service itself (a scheduled release)
 * @param sourceAddress the caller's address, or {@code null}: the trail takes the current request's
 * @param itemId the item concerned, or {@code null}
 * @param version the item's version concerned, or {@code null}
 * @param changes what changed, field by field, in words a reader of the trail understands; never a secret
 */
public record AuditEvent(Action action, String actor, String sourceAddress, String itemId, Integer version,
        Map<String, String> changes) {

    public AuditEvent {
        changes = changes == null ? Map.of() : Map.copyOf(changes);
    }

    /** The actions the trail records. */
    public enum Action {
        SIGN_IN, SIGN_IN_FAILED, SIGN_OUT,
        CREATE, EDIT, SUBMIT, APPROVE, RETURN, SIGN, SCHEDULE, UNSCHEDULE, PUBLISH, RELEASE, EXPIRE, RETRACT,
        RETRY, CHANNEL_ENABLE, CHANNEL_DISABLE,
        ACCOUNT_CREATE, ACCOUNT_CHANGE, PASSWORD_CHANGE, ACCOUNT_LOCK, TOKEN_CREATE, TOKEN_REVOKE
    }
}
