package org.tongfa.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Adds a way of signing in to the console's filter chain beside the password form (single sign-on
 * through an OIDC provider, when one is configured). Applied by {@link ConsoleSecurity} after its own
 * settings; a customizer must keep the console's rules: sessions, CSRF, the access rules.
 */
public interface ConsoleSignInCustomizer {

    void customize(HttpSecurity http) throws Exception;
}
