package org.tongfa.compliance;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.quartz.CronExpression;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties;

/** Binds {@code tongfa.compliance} and the columns' categories; a bad value stops start-up naming its key. */
@Configuration(proxyBeanMethods = false)
class ComplianceSettings {

    @Bean
    ComplianceProperties complianceProperties(SettingsBinder settings, ObjectProvider<JavaMailSender> mail) {
        ComplianceProperties properties = settings.bind("tongfa.compliance", ComplianceProperties.class);
        if (!CronExpression.isValidExpression(properties.schedule())) {
            throw new InvalidConfigurationException("tongfa.compliance.schedule",
                    "not a Quartz cron expression: '" + properties.schedule() + "'");
        }
        if (properties.alerts().mail() && mail.getIfAvailable() == null) {
            throw new InvalidConfigurationException("tongfa.compliance.alerts.mail-to",
                    "alerts are to be e-mailed but no mail server is configured (spring.mail.host)");
        }
        return properties;
    }

    @Bean
    ColumnInspections columnInspections(TongfaProperties properties, SettingsBinder settings) {
        return new ColumnInspections(properties, settings);
    }
}
