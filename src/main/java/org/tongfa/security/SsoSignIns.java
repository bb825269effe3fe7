package org.tongfa.security;

import java.util.Optional;

/**
 * Who a person signed in at the single sign-on provider is in Tongfa (the accounts implement it): an
 * existing, active person account, never one made up on the spot. Each answer is on the audit trail.
 */
public interface SsoSignIns {

    /**
     * The caller the active person account {@code login} is, recorded as {@code SIGN_IN}; or empty, recorded
     * as {@code SIGN_IN_FAILED}, when there is no such account, it is inactive or it is a service account.
     *
     * @param login the account's login name, as the provider's claim gave it
     * @param source how the person signed in, e.g. {@code sso:city} (the registration's id)
     * @param address the browser's address, or {@code null}
     */
    Optional<Caller> signIn(String login, String source, String address);

    /**
     * Records, as {@code SIGN_IN_FAILED}, a sign-in the provider or the exchange with it refused before anyone
     * was known (the person cancelled, the provider answered an error, its token did not verify).
     */
    void failed(String source, String reason, String address);
}
