package org.tongfa.compliance;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * E-mails each alert to {@code tongfa.compliance.alerts.mail-to} through Spring's mail support (the server
 * is {@code spring.mail.*}; its password from the environment). A refused or unreachable server is a
 * failure the outbox retries.
 */
final class MailAlertSender implements AlertSender {

    private final ComplianceProperties.Alerts settings;
    private final JavaMailSender mail;

    MailAlertSender(ComplianceProperties.Alerts settings, JavaMailSender mail) {
        this.settings = settings;
        this.mail = mail;
    }

    @Override
    public String target() {
        return AlertOutbox.MAIL;
    }

    @Override
    public void send(String id, String payloadJson, String message) {
        SimpleMailMessage email = new SimpleMailMessage();
        email.setFrom(settings.mailFrom());
        email.setTo(settings.mailTo().toArray(String[]::new));
        email.setSubject("【合规提醒】" + message);
        email.setText(message + "\n\n提醒编号：" + id + "\n\n" + payloadJson + "\n");
        mail.send(email);
    }
}
