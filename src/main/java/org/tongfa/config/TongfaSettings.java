package org.tongfa.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes {@link TongfaProperties} a bean, bound and validated by the {@link SettingsBinder} like every
 * channel's and screen's settings, so that a mistake anywhere under {@code tongfa.*} stops start-up
 * with the same kind of message naming the key.
 */
@Configuration(proxyBeanMethods = false)
class TongfaSettings {

    @Bean
    TongfaProperties tongfaProperties(SettingsBinder settings) {
        return settings.bind("tongfa", TongfaProperties.class);
    }
}
