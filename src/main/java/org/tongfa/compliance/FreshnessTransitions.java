package org.tongfa.compliance;

import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.compliance.FreshnessReport.Subject;
import org.tongfa.compliance.FreshnessReport.VetoRisk;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remembers what each subject was last seen as ({@code freshness_state}) and records each change once: a
 * transition is written, with the alerts it owes, only by the node whose conditional UPDATE moved the state
 * (or whose INSERT created it), in one transaction. So a restart, a second node, or two nodes assessing at
 * the same moment never record, and never alert, the same transition twice.
 *
 * <p>A subject first seen is taken to have been OK: a column already overdue on the first run alerts once.
 * Only a change for the worse (OK to WARN, WARN to BREACH, OK to BREACH) owes alerts; a change back (to OK,
 * or BREACH to WARN) is recorded silently.
 */
@Component
class FreshnessTransitions {

    private static final Logger log = LoggerFactory.getLogger(FreshnessTransitions.class);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ComplianceProperties settings;
    private final ObjectMapper json = JsonMapper.builder().build();

    FreshnessTransitions(JdbcTemplate jdbc, PlatformTransactionManager transactions, ComplianceProperties settings) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.settings = settings;
    }

    /** One transition as this node recorded it. */
    record Transition(long id, String subject, FreshnessStatus from, FreshnessStatus to, boolean alerts) {
    }

    /**
     * Records the report's changes against the remembered states.
     *
     * @return the transitions this call recorded (none that another node recorded first)
     */
    List<Transition> record(FreshnessReport report) {
        List<Transition> recorded = new ArrayList<>();
        for (Subject subject : report.subjects()) {
            if (subject.status() != FreshnessStatus.EXEMPT) {
                recordOne(subject.id(), subject.status(), payload(report, subject), report.assessedAt(), recorded);
            }
        }
        for (VetoRisk risk : report.vetoes()) {
            recordOne(risk.id(), risk.status(), payload(report, risk), report.assessedAt(), recorded);
        }
        return recorded;
    }

    private void recordOne(String subject, FreshnessStatus now, Map<String, Object> payload, Instant at,
            List<Transition> recorded) {
        for (int attempt = 0; ; attempt++) {
            try {
                Transition done = tx.execute(status -> move(subject, now, payload, at));
                if (done != null) {
                    recorded.add(done);
                    log.info("Freshness of {} went from {} to {}{}", subject, done.from(), done.to(),
                            done.alerts() ? "" : " (recorded, no alert)");
                }
                return;
            } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
                // Another node inserted the first state or moved it at the same moment: look again.
                if (attempt > 2) {
                    throw raced;
                }
            }
        }
    }

    private Transition move(String subject, FreshnessStatus now, Map<String, Object> payload, Instant at) {
        List<Object[]> found = jdbc.query("SELECT status, seq FROM freshness_state WHERE subject = ?",
                (rs, n) -> new Object[] {FreshnessStatus.valueOf(rs.getString(1)), rs.getLong(2)}, subject);
        FreshnessStatus before;
        long seq;
        if (found.isEmpty()) {
            before = FreshnessStatus.OK;
            seq = 0;
            jdbc.update("INSERT INTO freshness_state (subject, status, seq, changed_at) VALUES (?, ?, 0, ?)",
                    subject, FreshnessStatus.OK.name(), ts(at));
        } else {
            before = (FreshnessStatus) found.get(0)[0];
            seq = (Long) found.get(0)[1];
        }
        if (before == now) {
            return null;
        }
        // The conditional UPDATE is the arbiter: of two nodes that read the same seq, one moves it.
        if (jdbc.update("UPDATE freshness_state SET status = ?, seq = ?, changed_at = ? WHERE subject = ? AND seq = ?",
                now.name(), seq + 1, ts(at), subject, seq) == 0) {
            return null;
        }
        payload.put("from", before.name());
        payload.put("to", now.name());
        jdbc.update("INSERT INTO freshness_transition (subject, seq, from_status, to_status, payload_json, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", subject, seq + 1, before.name(), now.name(), json.writeValueAsString(payload), ts(at));
        long id = jdbc.queryForObject("SELECT id FROM freshness_transition WHERE subject = ? AND seq = ?", Long.class,
                subject, seq + 1);
        boolean alerts = now.worseThan(before);
        if (alerts) {
            for (String target : targets()) {
                jdbc.update("INSERT INTO freshness_alert (transition_id, target, attempts, next_attempt_at) VALUES (?, ?, 0, ?)",
                        id, target, ts(at));
            }
        }
        return new Transition(id, subject, before, now, alerts);
    }

    private List<String> targets() {
        List<String> targets = new ArrayList<>();
        if (settings.alerts().webhook()) {
            targets.add(AlertOutbox.WEBHOOK);
        }
        if (settings.alerts().mail()) {
            targets.add(AlertOutbox.MAIL);
        }
        return targets;
    }

    private Map<String, Object> payload(FreshnessReport report, Subject subject) {
        Map<String, Object> payload = base(report, subject.id());
        payload.put("kind", subject.kind().name());
        payload.put("key", subject.key());
        payload.put("name", subject.name());
        payload.put("inspection", subject.inspection() == null ? null : subject.inspection().key());
        payload.put("lastFirstPublication", iso(subject.lastFirstPublication()));
        payload.put("deadline", iso(subject.deadline()));
        payload.put("daysLeft", subject.daysLeft());
        payload.put("message", message(subject));
        return payload;
    }

    private Map<String, Object> payload(FreshnessReport report, VetoRisk risk) {
        Map<String, Object> payload = base(report, risk.id());
        payload.put("kind", "VETO_RISK");
        payload.put("key", risk.risk().name());
        payload.put("name", risk.risk().label());
        payload.put("count", risk.count());
        payload.put("soon", risk.soon());
        payload.put("threshold", risk.threshold());
        payload.put("message", switch (risk.status()) {
            case BREACH -> "单项否决风险：" + risk.risk().label() + "，已达 " + risk.count() + " 个（否决线 " + risk.threshold() + " 个）";
            case WARN -> "单项否决风险临近：" + risk.risk().label() + "，已超期及即将超期共 " + risk.soon() + " 个（否决线 "
                    + risk.threshold() + " 个）";
            default -> "已解除：" + risk.risk().label();
        });
        return payload;
    }

    private static Map<String, Object> base(FreshnessReport report, String subject) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("subject", subject);
        payload.put("assessedAt", iso(report.assessedAt()));
        return payload;
    }

    private String message(Subject subject) {
        String what = switch (subject.kind()) {
            case COLUMN -> "栏目「" + subject.name() + "」（" + subject.inspection().label() + "）";
            case HOME_PAGE -> "网站首页（" + subject.key() + "）";
            case WECHAT -> "微信公众号（" + subject.key() + "）";
        };
        if (subject.lastFirstPublication() == null) {
            return what + "从未发布信息" + (subject.blank() ? "（空白栏目）" : "");
        }
        String when = "最近首次发布 " + beijing(subject.lastFirstPublication()) + "，更新期限 " + beijing(subject.deadline());
        return switch (subject.status()) {
            case WARN -> what + "还剩 " + subject.daysLeft() + " 天到更新期限（" + when + "）";
            case BREACH -> what + "已超过更新期限未更新（" + when + "）";
            default -> what + "已恢复正常（" + when + "）";
        };
    }

    private String beijing(Instant at) {
        ZoneId zone = settings.timeZone();
        return MINUTE.format(at.atZone(zone));
    }

    private static String iso(Instant at) {
        return at == null ? null : at.toString();
    }
}
