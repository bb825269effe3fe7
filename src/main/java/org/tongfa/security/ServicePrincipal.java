package org.tongfa.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authenticated request's authentication: its principal is the {@link Caller} (whose login is
 * recorded as the actor of what it changes, as {@code HttpServletRequest.getUserPrincipal().getName()}),
 * its authorities the caller's roles. No credential is kept.
 */
public final class ServicePrincipal extends AbstractAuthenticationToken {

    private final Caller caller;

    public ServicePrincipal(Caller caller) {
        super(caller.authorities());
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public String getName() {
        return caller.login();
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return null;
    }
}
