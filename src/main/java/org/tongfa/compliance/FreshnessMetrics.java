package org.tongfa.compliance;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The last assessment as Prometheus gauges: {@code tongfa_freshness_status{subject,kind}} (0 OK, 1 WARN,
 * 2 BREACH; exempt columns are left out), {@code tongfa_freshness_days_left{subject,kind}},
 * {@code tongfa_freshness_veto_risk{risk}} (0, 1, 2 alike) and {@code tongfa_freshness_blank_columns}.
 * An alerting rule on {@code tongfa_freshness_veto_risk == 2} pages whoever watches Prometheus.
 */
@Component
class FreshnessMetrics {

    private final MultiGauge status;
    private final MultiGauge daysLeft;
    private final MultiGauge vetoes;
    private final AtomicInteger blank = new AtomicInteger();

    FreshnessMetrics(MeterRegistry registry) {
        status = MultiGauge.builder("tongfa.freshness.status")
                .description("Freshness of a watched subject: 0 OK, 1 WARN, 2 BREACH").register(registry);
        daysLeft = MultiGauge.builder("tongfa.freshness.days.left")
                .description("Whole days before the subject's window closes; negative once overdue").register(registry);
        vetoes = MultiGauge.builder("tongfa.freshness.veto.risk")
                .description("Site-level single-veto risk: 0 OK, 1 WARN, 2 BREACH").register(registry);
        registry.gauge("tongfa.freshness.blank.columns", blank);
    }

    /** Thread-safe: the endpoint, the console, the daily run and the refresh may assess at once. */
    synchronized void show(FreshnessReport report) {
        List<FreshnessReport.Subject> watched = report.subjects().stream()
                .filter(s -> s.status() != FreshnessStatus.EXEMPT).toList();
        status.register(watched.stream().map(s -> MultiGauge.Row.of(tags(s), level(s.status()))).toList(), true);
        daysLeft.register(watched.stream().filter(s -> s.daysLeft() != null)
                .map(s -> MultiGauge.Row.of(tags(s), s.daysLeft())).toList(), true);
        vetoes.register(report.vetoes().stream()
                .map(v -> MultiGauge.Row.of(Tags.of("risk", v.risk().name().toLowerCase()), level(v.status()))).toList(), true);
        blank.set(report.blankColumns());
    }

    private static Tags tags(FreshnessReport.Subject subject) {
        return Tags.of("subject", subject.id(), "kind", subject.kind().name().toLowerCase());
    }

    private static int level(FreshnessStatus status) {
        return switch (status) {
            case OK, EXEMPT -> 0;
            case WARN -> 1;
            case BREACH -> 2;
        };
    }
}
