package org.tongfa.security;

import java.util.Optional;

/**
 * Where a console session's caller is read again at each request (the accounts implement it), so that a
 * role taken away or an account switched off takes effect at once rather than when the session ends.
 */
public interface SessionCallers {

    /** The caller {@code login} is now, or empty when the account is gone, inactive or cannot sign in. */
    Optional<Caller> current(String login);
}
