package org.tongfa.account;

import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.tongfa.security.BearerToken;
import org.tongfa.security.ServicePrincipal;

/**
 * Authenticates the bearer tokens of accounts (made by an administrator, or obtained by signing in):
 * asked after the configured tokens. The caller carries the account's roles as they are now, read at
 * each request, so a change of roles applies at once, and an inactive account's or a revoked token's
 * next request is refused.
 */
@Component
@Order(2)
class AccountTokens implements AuthenticationProvider {

    private final Accounts accounts;

    AccountTokens(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        return accounts.callerForToken(((BearerToken) authentication).token()).<Authentication>map(ServicePrincipal::new)
                .orElseThrow(() -> new BadCredentialsException("the API token is not valid"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerToken.class.isAssignableFrom(authentication);
    }
}
