package org.tongfa.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Prometheus metrics of the pipeline: {@code tongfa_deliveries_total{channel,outcome}},
 * {@code tongfa_delivery_latency_seconds{channel}} (release committed to channel confirmed),
 * {@code tongfa_delivery_record_seconds{channel}} (channel accepted to ledger committed: the window in
 * which a crash makes a delivery be sent again under its key) and
 * {@code tongfa_delivery_backlog{channel,status}} (rows waiting, read from the ledger at most every
 * few seconds however often it is scraped).
 */
@Component
public class DeliveryMetrics {

    private static final Duration BACKLOG_MAX_AGE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final DeliveryLedger ledger;
    private final Clock clock;
    private volatile Map<String, Map<DeliveryStatus, Long>> counts = Map.of();
    private volatile Instant countedAt = Instant.EPOCH;

    public DeliveryMetrics(MeterRegistry registry, DeliveryLedger ledger, Clock clock, ChannelRegistry channels) {
        this.registry = registry;
        this.ledger = ledger;
        this.clock = clock;
        for (String channel : channels.configuredIds()) {
            for (DeliveryStatus status : new DeliveryStatus[] {DeliveryStatus.PENDING, DeliveryStatus.IN_PROGRESS,
                    DeliveryStatus.FAILED, DeliveryStatus.DEAD}) {
                Gauge.builder("tongfa.delivery.backlog", () -> backlog(channel, status))
                        .description("Deliveries in a non-final or failed state")
                        .tag("channel", channel).tag("status", status.name())
                        .register(registry);
            }
        }
    }

    void delivered(String channel, Duration latency) {
        outcome(channel, "delivered");
        Timer.builder("tongfa.delivery.latency")
                .description("From the release of an item version to the channel confirming it")
                .tag("channel", channel)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    void recorded(String channel, Duration window) {
        Timer.builder("tongfa.delivery.record")
                .description("From the channel accepting a delivery to the ledger having recorded it")
                .tag("channel", channel)
                .register(registry)
                .record(window);
    }

    void outcome(String channel, String outcome) {
        Counter.builder("tongfa.deliveries")
                .description("Delivery attempts by channel and outcome")
                .tag("channel", channel).tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    private double backlog(String channel, DeliveryStatus status) {
        Instant now = clock.instant();
        if (Duration.between(countedAt, now).compareTo(BACKLOG_MAX_AGE) > 0) {
            counts = ledger.countsByChannel();
            countedAt = now;
        }
        return counts.getOrDefault(channel, Map.of()).getOrDefault(status, 0L);
    }
}
