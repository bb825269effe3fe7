package org.tongfa.compliance;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.tongfa.config.TongfaProperties;

/**
 * Assesses freshness now (the injected {@link Clock}'s now): reads the publication records and applies the
 * windows. Read-only and safe to call from any thread; each call also refreshes the Prometheus gauges. The
 * daily job records transitions from the same assessment ({@link FreshnessRun}).
 */
@Service
public class FreshnessService {

    private static final Logger log = LoggerFactory.getLogger(FreshnessService.class);

    private final PublicationRecords records;
    private final FreshnessAssessor assessor;
    private final List<FreshnessAssessor.ColumnSpec> columns;
    private final List<String> websites;
    private final List<String> accounts;
    private final FreshnessMetrics metrics;
    private final Clock clock;
    private final Duration gaugeRefresh;
    private final ScheduledExecutorService gauges = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "freshness-gauges");
        thread.setDaemon(true);
        return thread;
    });

    FreshnessService(PublicationRecords records, ComplianceProperties settings, ColumnInspections inspections,
            TongfaProperties properties, FreshnessMetrics metrics, Clock clock) {
        this.records = records;
        this.assessor = new FreshnessAssessor(settings);
        this.columns = inspections.all().entrySet().stream().map(e -> new FreshnessAssessor.ColumnSpec(e.getKey(),
                properties.columns().get(e.getKey()).name(), e.getValue())).toList();
        // Only enabled channels: a channel Tongfa does not publish to is not one it can speak for.
        this.websites = channelsOfType(properties, "website");
        this.accounts = channelsOfType(properties, "wechat");
        this.metrics = metrics;
        this.clock = clock;
        this.gaugeRefresh = settings.gaugeRefresh();
    }

    private static List<String> channelsOfType(TongfaProperties properties, String type) {
        return properties.channels().entrySet().stream()
                .filter(e -> e.getValue().enabled() && type.equals(e.getValue().type())).map(Map.Entry::getKey).toList();
    }

    /**
     * Fills the gauges at start-up, so that Prometheus sees every subject before the first daily run, and
     * again every {@code gauge-refresh} on this node: the daily run happens on one node of a cluster only.
     */
    @EventListener(ApplicationReadyEvent.class)
    void refreshGauges() {
        long every = gaugeRefresh.toMillis();
        gauges.scheduleWithFixedDelay(this::showNow, 0, every, TimeUnit.MILLISECONDS);
    }

    private void showNow() {
        try {
            current();
        } catch (RuntimeException e) {
            // A database briefly away is no reason to stop refreshing: the next round fills them.
            log.warn("Freshness gauges not refreshed: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stopRefreshing() {
        gauges.shutdownNow();
    }

    /** The assessment at this instant. */
    public FreshnessReport current() {
        Instant now = clock.instant();
        List<String> keys = columns.stream().map(FreshnessAssessor.ColumnSpec::key).toList();
        Map<String, Instant> homePages = new LinkedHashMap<>();
        websites.forEach(channel -> homePages.put(channel, records.homePageLatest(channel, keys).orElse(null)));
        Map<String, Instant> articles = new LinkedHashMap<>();
        accounts.forEach(channel -> articles.put(channel, records.latestArticle(channel).orElse(null)));
        FreshnessReport report = assessor.assess(now, columns, records.columns(keys), homePages, articles);
        metrics.show(report);
        return report;
    }
}
