package org.tongfa.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

/** The pull channels' store on both databases: idempotent, ordered by version, counted by revision. */
class PublishedEntryStoreTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");

    private PublishedEntryStore store(String database) {
        DataSource ds = TestDatabases.migrated(database.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl());
        return new PublishedEntryStore(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), new MutableClock(T0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void repeatedAndOutdatedDispatchesChangeNothing(String database) {
        PublishedEntryStore store = store(database);
        ItemSnapshot v1 = Snapshots.item("i1", "news", "标题", T0);
        ItemSnapshot v2 = Snapshots.updated(v1, "新标题", T0.plusSeconds(60));

        assertThat(store.revision("site")).isZero();
        assertThat(store.apply("site", Action.PUBLISH, v1)).isTrue();
        assertThat(store.apply("site", Action.PUBLISH, v1)).isFalse();
        assertThat(store.apply("site", Action.UPDATE, v2)).isTrue();
        assertThat(store.apply("site", Action.PUBLISH, v1)).isFalse();
        assertThat(store.revision("site")).isEqualTo(2);
        assertThat(store.revision("other")).isZero();

        PublishedEntries entries = store.load("site");
        assertThat(entries.revision()).isEqualTo(2);
        assertThat(entries.live()).singleElement().satisfies(e -> {
            assertThat(e.item().title()).isEqualTo("新标题");
            assertThat(e.item().publishedAt()).isEqualTo(T0);
            assertThat(e.item().updatedAt()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void retractionKeepsTheEntryOutOfTheLiveListOnce(String database) {
        PublishedEntryStore store = store(database);
        ItemSnapshot v1 = Snapshots.item("i1", "news", "标题", T0);

        assertThat(store.apply("site", Action.RETRACT, v1)).isFalse();
        store.apply("site", Action.PUBLISH, v1);
        assertThat(store.apply("site", Action.RETRACT, v1)).isTrue();
        assertThat(store.apply("site", Action.RETRACT, v1)).isFalse();

        PublishedEntries entries = store.load("site");
        assertThat(entries.live()).isEmpty();
        assertThat(entries.find("i1")).hasValueSatisfying(e -> {
            assertThat(e.retracted()).isTrue();
            assertThat(e.retractedAt()).isEqualTo(T0);
        });
        assertThat(store.apply("site", Action.PUBLISH, Snapshots.updated(v1, "再发布", T0.plusSeconds(5)))).isTrue();
        assertThat(store.load("site").live()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRetractedEntryIsNeverBroughtBackByAPublicationOfTheSameOrAnOlderVersion(String database) {
        PublishedEntryStore store = store(database);
        ItemSnapshot v1 = Snapshots.item("i1", "news", "标题", T0);
        ItemSnapshot v2 = Snapshots.updated(v1, "新标题", T0.plusSeconds(60));
        store.apply("site", Action.PUBLISH, v1);
        store.apply("site", Action.UPDATE, v2);
        assertThat(store.apply("site", Action.RETRACT, v2)).isTrue();
        long revision = store.revision("site");

        // A retry of a publication from before the retraction (the finding: a withdrawn page came back).
        assertThat(store.apply("site", Action.UPDATE, v2)).isFalse();
        assertThat(store.apply("site", Action.PUBLISH, v2)).isFalse();
        assertThat(store.apply("site", Action.PUBLISH, v1)).isFalse();

        assertThat(store.revision("site")).isEqualTo(revision);
        assertThat(store.load("site").live()).isEmpty();
        assertThat(store.load("site").find("i1")).hasValueSatisfying(e -> assertThat(e.retracted()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRetractionCarryingALaterVersionAlsoKeepsTheShownVersionOut(String database) {
        PublishedEntryStore store = store(database);
        ItemSnapshot v1 = Snapshots.item("i1", "news", "标题", T0);
        ItemSnapshot v2 = Snapshots.updated(v1, "第二版", T0.plusSeconds(60));
        ItemSnapshot v3 = Snapshots.updated(v2, "第三版", T0.plusSeconds(120));
        store.apply("site", Action.PUBLISH, v1);

        // The channel was removed from the item at v2 while it showed v1; v1 arrives again late.
        assertThat(store.apply("site", Action.RETRACT, v2)).isTrue();
        assertThat(store.apply("site", Action.PUBLISH, v1)).isFalse();
        assertThat(store.load("site").live()).isEmpty();

        // Added back at v3: a re-publication, which does bring it back.
        assertThat(store.apply("site", Action.PUBLISH, v3)).isTrue();
        assertThat(store.load("site").live()).singleElement()
                .satisfies(e -> assertThat(e.item().title()).isEqualTo("第三版"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aDocumentsSigningDayValidityAndTopicAreKeptAndAnOlderSnapshotReadsWithout(String database) {
        DataSource ds = TestDatabases.migrated(database.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl());
        PublishedEntryStore store = new PublishedEntryStore(new JdbcTemplate(ds), new DataSourceTransactionManager(ds),
                new MutableClock(T0));
        ItemSnapshot.Validity repealed = new ItemSnapshot.Validity("REPEALED", java.time.LocalDate.of(2026, 3, 1));
        store.apply("site", Action.PUBLISH, Snapshots.document(Snapshots.item("doc", "policies", "办法", T0),
                java.time.LocalDate.of(2020, 1, 2), repealed, "工业、交通"));
        // A snapshot stored before issue 10 has none of the three keys.
        new JdbcTemplate(ds).update("INSERT INTO published_entry (channel, item_id, version, column_key, snapshot_json, "
                + "published_at, updated_at, retracted) VALUES ('site', 'old', 1, 'news', ?, ?, ?, FALSE)",
                "{\"itemId\":\"old\",\"version\":1,\"title\":\"旧\",\"column\":\"news\",\"publishedAt\":\"2026-03-01T00:00:00Z\"}",
                java.sql.Timestamp.from(T0), java.sql.Timestamp.from(T0));

        PublishedEntries entries = store.load("site");
        ItemSnapshot doc = entries.find("doc").orElseThrow().item();
        assertThat(doc.signedOn()).isEqualTo(java.time.LocalDate.of(2020, 1, 2));
        assertThat(doc.validity()).isEqualTo(repealed);
        assertThat(doc.topic()).isEqualTo("工业、交通");
        ItemSnapshot old = entries.find("old").orElseThrow().item();
        assertThat(old.signedOn()).isNull();
        assertThat(old.validity()).isNull();
        assertThat(old.topic()).isNull();
    }
}
