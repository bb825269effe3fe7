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

    /** The topic classification (主题分类) items are filed under, from {@code tongfa.topics}. */
    @Bean
    TopicProperties topicProperties(SettingsBinder settings) {
        return settings.bind("tongfa", TopicProperties.class);
    }

    /** The site's identity; with {@code strict: true}, a blank required value stops start-up. */
    @Bean
    SiteProperties siteProperties(SettingsBinder settings) {
        SiteProperties site = settings.bind("tongfa.site", SiteProperties.class);
        if (site.strict() && !site.missingRequired().isEmpty()) {
            throw new InvalidConfigurationException("tongfa.site." + site.missingRequired().get(0),
                    "must be set when tongfa.site.strict is true (blank required keys under tongfa.site: "
                            + String.join(", ", site.missingRequired()) + ")");
        }
        return site;
    }
}
