package org.tongfa.account;

import java.time.Instant;

/**
 * A bearer token of an account, as listed: never its secret, which is shown once when it is made and
 * stored only as its SHA-256.
 *
 * @param id the token's id, for revoking it
 * @param login the account it belongs to
 * @param kind made by an administrator ({@code API}) or obtained by signing in ({@code SIGN_IN})
 * @param name what it is for, such as {@code cms-import}
 * @param createdAt when it was made
 * @param createdBy who made it
 * @param expiresAt when it stops working, or {@code null} for never
 * @param revokedAt when it was revoked, or {@code null}
 * @param revokedBy who revoked it, or {@code null}
 */
public record AccountToken(String id, String login, Kind kind, String name, Instant createdAt, String createdBy,
        Instant expiresAt, Instant revokedAt, String revokedBy) {

    /** How the token came to be. */
    public enum Kind {
        /** Made by an administrator for a person or a service account. */
        API,
        /** Obtained by signing in with a password; valid for {@code tongfa.api.sign-in-validity}. */
        SIGN_IN
    }

    /**
     * A token just made: its secret, shown this once.
     *
     * @param token the token as listed
     * @param secret the bearer token to send as {@code Authorization: Bearer <secret>}
     */
    public record Issued(AccountToken token, String secret) {

        @Override
        public String toString() {
            return "Issued[" + token + ", secret=****]";
        }
    }
}
