package org.tongfa.account;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * An account as the API shows it: a person, who signs in with a password, or a service account (a CMS
 * import job), which only presents tokens. Its password hash is never part of it.
 *
 * @param login the login name, recorded as the actor of what it changes
 * @param displayName the name people read (审核人, 签发人), Chinese allowed
 * @param department the department (科室), or {@code null}
 * @param kind person or service account
 * @param active an inactive account cannot sign in, and its tokens stop working at once
 * @param roles each role held, with its columns; an empty set is every column (as {@link Caller#grants()})
 * @param createdAt when it was created
 * @param changedAt when it last changed
 */
public record Account(String login, String displayName, String department, Kind kind, boolean active,
        Map<Role, Set<String>> roles, Instant createdAt, Instant changedAt) {

    public Account {
        roles = new Caller(login, displayName, department, roles).grants();
    }

    /** Person or service account. */
    public enum Kind {
        /** Signs in with login and password. */
        PERSON,
        /** Has no password; works with the tokens an administrator makes for it. */
        SERVICE
    }

    /** The caller this account is when it signs in or presents one of its tokens. */
    Caller caller() {
        return new Caller(login, displayName, department, roles);
    }
}
