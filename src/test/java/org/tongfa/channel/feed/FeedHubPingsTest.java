package org.tongfa.channel.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongfa.support.MutableClock;

/** The owed hub notifications alone, on H2 and PostgreSQL: coalescing, claims between nodes, a change during a ping. */
class FeedHubPingsTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");

    FeedTestDatabase db;
    FeedHubPings pings;

    private void on(String database) {
        db = new FeedTestDatabase(new MutableClock(T0), database);
        pings = db.pings;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void manyChangesOfAFeedAreOneOwedNotification(String database) {
        on(database);
        pings.changed("feed", List.of("all.rss", "columns/news.rss"), T0);
        pings.changed("feed", List.of("all.rss"), T0.plusSeconds(1));
        pings.changed("feed", List.of("all.rss"), T0.plusSeconds(2));

        assertThat(pings.due("feed", T0.plusSeconds(2))).containsExactly("all.rss", "columns/news.rss");
        assertThat(pings.claim("feed", "all.rss", T0.plusSeconds(2), T0.plusSeconds(22)))
                .hasValueSatisfying(due -> assertThat(due.changes()).isEqualTo(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aClaimedNotificationIsNotSentByAnotherNodeUntilTheClaimLapses(String database) {
        on(database);
        pings.changed("feed", List.of("all.rss"), T0);
        assertThat(pings.claim("feed", "all.rss", T0, T0.plusSeconds(20))).isPresent();

        assertThat(pings.due("feed", T0.plusSeconds(1))).isEmpty();
        assertThat(pings.claim("feed", "all.rss", T0.plusSeconds(1), T0.plusSeconds(21))).isEmpty();
        // The node holding it died while sending: the next round anywhere sends it.
        assertThat(pings.claim("feed", "all.rss", T0.plusSeconds(20), T0.plusSeconds(40))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aChangeWhileThePingIsOnItsWayIsOwedAgainAtOnce(String database) {
        on(database);
        pings.changed("feed", List.of("all.rss"), T0);
        FeedHubPings.Due ping = pings.claim("feed", "all.rss", T0, T0.plusSeconds(20)).orElseThrow();
        pings.changed("feed", List.of("all.rss"), T0.plusSeconds(1));

        pings.done("feed", ping, T0.plusSeconds(2));

        assertThat(pings.due("feed", T0.plusSeconds(2))).containsExactly("all.rss");
        pings.done("feed", pings.claim("feed", "all.rss", T0.plusSeconds(2), T0.plusSeconds(22)).orElseThrow(),
                T0.plusSeconds(3));
        assertThat(db.owed()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aChangeDuringTheBackOffWaitsWithIt(String database) {
        on(database);
        pings.changed("feed", List.of("all.rss"), T0);
        FeedHubPings.Due ping = pings.claim("feed", "all.rss", T0, T0.plusSeconds(20)).orElseThrow();
        pings.failed("feed", ping, T0.plusSeconds(10), "WebSub hub answered 503");

        pings.changed("feed", List.of("all.rss"), T0.plusSeconds(1));

        assertThat(pings.due("feed", T0.plusSeconds(9))).isEmpty();
        assertThat(pings.due("feed", T0.plusSeconds(10))).containsExactly("all.rss");
        assertThat(pings.claim("feed", "all.rss", T0.plusSeconds(10), T0.plusSeconds(30)))
                .hasValueSatisfying(due -> assertThat(due.attempts()).isEqualTo(1));
    }
}
