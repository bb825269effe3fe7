package org.tongfa.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's single sign-on settings, {@code tongfa.console.sso.*} (the provider itself is Spring Boot's
 * {@code spring.security.oauth2.client.registration.<id>.*}).
 *
 * @param loginClaim the ID token's (or user-info's) claim that holds the Tongfa login name of the person
 */
record SsoSettings(@NotBlank @DefaultValue("preferred_username") String loginClaim) {
}
