package org.tongfa.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer token as presented in {@code Authorization: Bearer <token>}, not yet checked: what every
 * token-checking {@code AuthenticationProvider} (configured tokens, accounts' tokens) supports.
 */
public final class BearerToken extends AbstractAuthenticationToken {

    private final String token;

    BearerToken(String token) {
        super(List.of());
        this.token = token;
        setAuthenticated(false);
    }

    /** The token as presented, trimmed. */
    public String token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    @Override
    public String toString() {
        return "BearerToken[****]";
    }
}
