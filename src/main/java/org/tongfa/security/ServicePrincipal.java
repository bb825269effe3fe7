package org.tongfa.security;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * An authenticated caller: its name (recorded as the actor of what it changes, as
 * {@code HttpServletRequest.getUserPrincipal().getName()}) and its roles. A configured API token
 * authenticates as one named after its key ({@code tongfa.api.tokens.<name>}); the token itself is not
 * kept.
 */
public final class ServicePrincipal extends AbstractAuthenticationToken {

    private final String name;

    public ServicePrincipal(String name, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.name = name;
        setAuthenticated(true);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public Object getCredentials() {
        return null;
    }
}
