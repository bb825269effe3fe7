package org.tongfa.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.support.TestSettings;

/** tongfa.compliance: a schedule that is no cron, or mail without a mail server, stops start-up naming the key. */
class ComplianceSettingsTest {

    private static ComplianceProperties bind(Map<String, String> properties, JavaMailSender mail) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (mail != null) {
            beans.addBean("mailSender", mail);
        }
        return new ComplianceSettings().complianceProperties(TestSettings.binder(properties),
                beans.getBeanProvider(JavaMailSender.class));
    }

    @Test
    void theDefaultsAreTheNationalWindows() {
        ComplianceProperties defaults = bind(Map.of(), null);
        assertThat(defaults.windows().dynamic()).hasDays(14);
        assertThat(defaults.windows().noticePolicy()).hasMonths(6);
        assertThat(defaults.windows().planningPersonnel()).hasYears(1);
        assertThat(defaults.leadTime()).hasDays(4);
        assertThat(defaults.vetoes()).isEqualTo(new ComplianceProperties.Vetoes(5, 10, 5));
        assertThat(defaults.alerts().webhook()).isFalse();
        assertThat(defaults.alerts().mail()).isFalse();
    }

    @Test
    void aScheduleThatIsNoCronExpressionStopsStartUp() {
        assertThatThrownBy(() -> bind(Map.of("tongfa.compliance.schedule", "daily at eight"), null))
                .isInstanceOf(InvalidConfigurationException.class)
                .extracting(e -> ((InvalidConfigurationException) e).key()).isEqualTo("tongfa.compliance.schedule");
    }

    @Test
    void mailRecipientsWithoutAMailServerStopStartUp() {
        Map<String, String> mailTo = Map.of("tongfa.compliance.alerts.mail-to[0]", "office@example.gov.cn");
        assertThatThrownBy(() -> bind(mailTo, null))
                .isInstanceOf(InvalidConfigurationException.class)
                .extracting(e -> ((InvalidConfigurationException) e).key()).isEqualTo("tongfa.compliance.alerts.mail-to");
        assertThat(bind(mailTo, new JavaMailSenderImpl()).alerts().mail()).isTrue();
    }

    @Test
    void theWebhookUrlIsKeptOutOfToString() {
        assertThat(bind(Map.of("tongfa.compliance.alerts.webhook-url", "https://hooks.example/robot?key=s3cret"), null)
                .toString()).doesNotContain("s3cret");
    }
}
