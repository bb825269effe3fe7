package org.tongfa.compliance;

import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the alerts the recorded transitions owe ({@code freshness_alert}), after the transaction that
 * recorded them: a node claims a due row by moving its lease forward with a conditional UPDATE, sends, and
 * marks it sent; a failure leaves it unsent with the next try {@code retry-delay} later, doubling up to
 * {@code max-retry-delay}. Nothing is ever given up, and a node that dies mid-send leaves a row another node
 * takes once the lease lapses. Safe to call on several nodes and threads at once.
 */
@Component
class AlertOutbox {

    static final String WEBHOOK = "webhook";
    static final String MAIL = "mail";

    private static final Logger log = LoggerFactory.getLogger(AlertOutbox.class);

    private final JdbcTemplate jdbc;
    private final ComplianceProperties.Alerts settings;
    private final Map<String, AlertSender> senders = new LinkedHashMap<>();
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder().build();

    AlertOutbox(JdbcTemplate jdbc, ComplianceProperties properties, ObjectProvider<JavaMailSender> mail, Clock clock) {
        this.jdbc = jdbc;
        this.settings = properties.alerts();
        this.clock = clock;
        if (settings.webhook()) {
            senders.put(WEBHOOK, new WebhookAlertSender(settings));
        }
        if (settings.mail()) {
            senders.put(MAIL, new MailAlertSender(settings, mail.getObject()));
        }
    }

    private record Due(long id, String target, int attempts, long transitionId, String payloadJson) {
    }

    /**
     * Sends every alert due now.
     *
     * @return how many were delivered by this call
     */
    int sendDue() {
        Instant now = clock.instant();
        List<Due> due = jdbc.query("SELECT a.id, a.target, a.attempts, a.transition_id, t.payload_json FROM freshness_alert a "
                        + "JOIN freshness_transition t ON t.id = a.transition_id WHERE a.sent_at IS NULL AND a.next_attempt_at <= ? "
                        + "AND (a.lease_until IS NULL OR a.lease_until <= ?) ORDER BY a.id",
                (rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5)),
                ts(now), ts(now));
        int sent = 0;
        for (Due alert : due) {
            if (send(alert, now)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(Due alert, Instant now) {
        // The claim: longer than one send may take, so no other node sends the row meanwhile.
        Instant lease = now.plus(settings.timeout().multipliedBy(3)).plusSeconds(60);
        if (jdbc.update("UPDATE freshness_alert SET lease_until = ?, attempts = attempts + 1 WHERE id = ? AND sent_at IS NULL "
                + "AND (lease_until IS NULL OR lease_until <= ?)", ts(lease), alert.id(), ts(now)) == 0) {
            return false; // another node has it
        }
        String id = "tf-freshness-" + alert.transitionId();
        AlertSender sender = senders.get(alert.target());
        try {
            if (sender == null) {
                throw new IllegalStateException("alert target " + alert.target() + " is no longer configured");
            }
            JsonNode payload = json.readTree(alert.payloadJson());
            sender.send(id, alert.payloadJson(), payload.path("message").asString(""));
            jdbc.update("UPDATE freshness_alert SET sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?",
                    ts(clock.instant()), alert.id());
            log.info("Sent freshness alert {} by {}", id, alert.target());
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Instant next = clock.instant().plus(backOff(alert.attempts() + 1));
            String error = String.valueOf(e.getMessage());
            jdbc.update("UPDATE freshness_alert SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                    ts(next), error.length() > 1000 ? error.substring(0, 1000) : error, alert.id());
            log.warn("Freshness alert {} by {} failed (attempt {}), next try at {}: {}", id, alert.target(),
                    alert.attempts() + 1, next, error);
            return false;
        }
    }

    /** The wait after the {@code attempt}-th failure: retry-delay doubled per failure, capped. */
    private Duration backOff(int attempt) {
        Duration delay = settings.retryDelay();
        for (int i = 1; i < attempt && delay.compareTo(settings.maxRetryDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay;
    }
}
