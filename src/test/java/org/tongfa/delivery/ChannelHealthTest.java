package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.ChannelHealth.State;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

/** The circuit breaker and the shared pause/disable states, with a clock the test moves. */
class ChannelHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    private ChannelHealth health;

    @BeforeEach
    void setUp() {
        TongfaProperties.Delivery delivery = new TongfaProperties.Delivery(Duration.ofSeconds(1), Duration.ofMinutes(5),
                2, Duration.ofMillis(200), List.of(Duration.ZERO), 3, Duration.ofSeconds(30));
        TongfaProperties properties = new TongfaProperties(java.net.URI.create("http://localhost"), "n1",
                java.nio.file.Path.of("target"), Map.of(), Map.of(), null, delivery, null, null);
        health = new ChannelHealth(JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url())), clock, properties);
    }

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneProbeThroughAfterTheWait() {
        health.failed("app");
        health.failed("app");
        assertThat(health.permits("app", 8)).isEqualTo(8);
        health.failed("app");

        assertThat(health.state("app")).isEqualTo(State.OPEN);
        assertThat(health.permits("app", 8)).isZero();

        clock.advance(Duration.ofSeconds(31));
        assertThat(health.state("app")).isEqualTo(State.HALF_OPEN);
        assertThat(health.permits("app", 8)).isEqualTo(1);
        assertThat(health.permits("app", 8)).as("one probe at a time").isZero();

        health.succeeded("app");
        assertThat(health.state("app")).isEqualTo(State.CLOSED);
        assertThat(health.permits("app", 8)).isEqualTo(8);
    }

    @Test
    void deliveriesClaimedBeforeAPauseOrADisableRecordedHereAreNotSent() {
        assertThat(health.admits("app", 7)).isTrue();
        health.pauseUntil("app", clock.instant().plusSeconds(60));
        assertThat(health.admits("app", 7)).as("claimed before the pause").isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(health.admits("app", 7)).as("the pause is over").isTrue();

        health.disable("app", "410 Gone");
        clock.advance(Duration.ofDays(365));
        assertThat(health.admits("app", 7)).as("disabled until an operator enables it").isFalse();
        health.enable("app");
        assertThat(health.admits("app", 7)).isTrue();
    }

    @Test
    void attemptsStillRunningWhenTheCircuitOpensDoNotProlongTheWait() {
        for (int i = 0; i < 3; i++) {
            health.failed("app");
        }
        health.failed("app");
        health.failed("app");

        clock.advance(Duration.ofSeconds(31));
        assertThat(health.state("app")).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void aFailedProbeReopensForLonger() {
        for (int i = 0; i < 3; i++) {
            health.failed("app");
        }
        clock.advance(Duration.ofSeconds(31));
        assertThat(health.permits("app", 1)).isEqualTo(1);
        health.failed("app");

        clock.advance(Duration.ofSeconds(31));
        assertThat(health.state("app")).as("the second opening waits twice as long").isEqualTo(State.OPEN);
        clock.advance(Duration.ofSeconds(30));
        assertThat(health.state("app")).isEqualTo(State.HALF_OPEN);
    }

    private static Delivery row(long id) {
        Instant at = Instant.parse("2026-11-27T08:00:00Z");
        return new Delivery(id, "item-" + id, 1, "app", Action.PUBLISH, DeliveryStatus.IN_PROGRESS, 1, 0, at, "n1",
                at.plusSeconds(300), null, null, null, at, at, at, null);
    }

    @Test
    void deliveriesClaimedBeforeTheCircuitOpenedAreNotSentOnlyTheProbeIs() {
        health.claimed("app", List.of(row(1), row(2), row(3), row(4)));
        assertThat(health.admits("app", 1)).as("closed: every claimed delivery goes").isTrue();
        for (int i = 0; i < 3; i++) {
            health.failed("app");
        }
        assertThat(health.admits("app", 2)).as("open: the rest of the batch waits").isFalse();
        assertThat(health.admits("app", 4)).isFalse();

        clock.advance(Duration.ofSeconds(31));
        assertThat(health.admits("app", 3)).as("half open, but not the probe").isFalse();
        assertThat(health.permits("app", 8)).isEqualTo(1);
        health.claimed("app", List.of(row(7)));
        assertThat(health.admits("app", 7)).as("the probe").isTrue();
        assertThat(health.admits("app", 3)).as("one probe, not the old batch").isFalse();

        health.released("app", 3);
        assertThat(health.permits("app", 8)).as("another row's release leaves the probe running").isZero();
        health.failed("app");
        assertThat(health.admits("app", 7)).as("a failed probe gets no short retry").isFalse();
        assertThat(health.state("app")).isEqualTo(State.OPEN);
    }

    @Test
    void theProbesReleaseLetsTheNextProbeGo() {
        for (int i = 0; i < 3; i++) {
            health.failed("app");
        }
        clock.advance(Duration.ofSeconds(31));
        assertThat(health.permits("app", 8)).isEqualTo(1);
        health.claimed("app", List.of(row(7)));
        health.released("app", 7);
        assertThat(health.permits("app", 8)).isEqualTo(1);
        health.claimed("app", List.of(row(8)));
        health.succeeded("app");
        assertThat(health.admits("app", 3)).as("closed again: everything goes").isTrue();
    }

    @Test
    void aPauseRequestedByThePartnerHoldsEveryDeliveryUntilItsTime() {
        health.pauseUntil("app", clock.instant().plusSeconds(120));

        assertThat(health.state("app")).isEqualTo(State.PAUSED);
        assertThat(health.permits("app", 4)).isZero();
        clock.advance(Duration.ofSeconds(121));
        assertThat(health.state("app")).isEqualTo(State.CLOSED);
    }

    @Test
    void aDisabledChannelStaysDisabledUntilEnabled() {
        health.disable("app", "HTTP 410 Gone");

        assertThat(health.state("app")).isEqualTo(State.DISABLED);
        assertThat(health.disabledReason("app")).isEqualTo("HTTP 410 Gone");
        clock.advance(Duration.ofDays(1));
        assertThat(health.permits("app", 4)).isZero();

        health.enable("app");
        assertThat(health.state("app")).isEqualTo(State.CLOSED);
        assertThat(health.disabledReason("app")).isNull();
    }

    @Test
    void aPartnersLongOrOddReasonStillDisablesTheChannel() {
        health.disable("app", "webhook channel app answered HTTP 410: \u0000" + "下线".repeat(1500));

        assertThat(health.state("app")).isEqualTo(State.DISABLED);
        assertThat(health.disabledReason("app")).startsWith("webhook channel app answered HTTP 410: 下线")
                .hasSizeLessThanOrEqualTo(1000).doesNotContain("\u0000");
    }

    @Test
    void onlyTheAffectedChannelIsHeldBack() {
        for (int i = 0; i < 3; i++) {
            health.failed("app");
        }
        health.disable("portal", "gone");

        assertThat(health.permits("web", 4)).isEqualTo(4);
    }
}
