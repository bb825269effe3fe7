package org.tongfa.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The password encoder of accounts. */
@Configuration(proxyBeanMethods = false)
class AccountConfig {

    /**
     * Spring Security's {@code DelegatingPasswordEncoder}: stores {@code {bcrypt}...} today, and still
     * reads a hash stored under another id, so the algorithm can change without resetting passwords.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
