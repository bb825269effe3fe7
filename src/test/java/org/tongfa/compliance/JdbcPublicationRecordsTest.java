package org.tongfa.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.tongfa.compliance.PublicationRecords.ColumnPublication;
import org.tongfa.support.TestDatabases;

/** Freshness counts first publications of live items only: never edits, never withdrawn items (H2 and PostgreSQL). */
class JdbcPublicationRecordsTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private PublicationSeeds seeds;
    private PublicationRecords records;

    private void on(String vendor) {
        DataSource db = TestDatabases.migrated(vendor.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl());
        seeds = new PublicationSeeds(db);
        records = new JdbcPublicationRecords(new NamedParameterJdbcTemplate(db));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aColumnCountsTheNewestFirstPublicationOfTheLivePublicItemsReleasedInIt(String vendor) {
        on(vendor);
        seeds.item("news", "PUBLISHED", T);
        seeds.item("news", "PUBLISHED", T.plusSeconds(3600));
        seeds.item("news", "RETRACTED", T.plusSeconds(7200));
        seeds.item("news", "DRAFT", null);
        seeds.item("notices", "RETRACTED", T);
        seeds.item("notices", "APPROVED", null);
        // Readers see the released version: an edit moving an item to notices leaves it in news; an item
        // disclosed on request (依申请公开) never reaches readers.
        seeds.item("notices", "PUBLISHED", T.plusSeconds(10_800), "news", "PROACTIVE");
        seeds.item("notices", "PUBLISHED", T.plusSeconds(14_400), "notices", "ON_REQUEST");

        assertThat(records.columns(List.of("news", "notices", "policies")))
                .containsOnlyKeys("news")
                .containsEntry("news", new ColumnPublication(T.plusSeconds(10_800), 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theHomePageCountsTheNewestLiveEntryOfTheConfiguredColumns(String vendor) {
        on(vendor);
        seeds.entry("website", seeds.item("news", "PUBLISHED", T), "news", T, false);
        seeds.entry("website", seeds.item("news", "RETRACTED", T.plusSeconds(60)), "news", T.plusSeconds(60), true);
        seeds.entry("website", seeds.item("gone", "PUBLISHED", T.plusSeconds(120)), "gone", T.plusSeconds(120), false);
        seeds.entry("other-site", seeds.item("news", "PUBLISHED", T.plusSeconds(180)), "news", T.plusSeconds(180), false);

        assertThat(records.homePageLatest("website", List.of("news", "notices"))).contains(T);
        assertThat(records.homePageLatest("empty-site", List.of("news"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aWeChatAccountCountsEachArticleAtItsFirstDeliveryNotItsUpdates(String vendor) {
        on(vendor);
        String old = seeds.item("news", "PUBLISHED", T);
        seeds.delivery("gzh", old, 1, "PUBLISH", "DELIVERED", T);
        // An update of the old article a month later is not a new article.
        seeds.delivery("gzh", old, 2, "PUBLISH", "DELIVERED", T.plusSeconds(86_400 * 30));
        String newer = seeds.item("news", "PUBLISHED", T.plusSeconds(86_400));
        seeds.delivery("gzh", newer, 1, "PUBLISH", "DELIVERED", T.plusSeconds(86_400));
        String failed = seeds.item("news", "PUBLISHED", T.plusSeconds(86_400 * 2));
        seeds.delivery("gzh", failed, 1, "PUBLISH", "DEAD", null);
        seeds.delivery("other", failed, 1, "PUBLISH", "DELIVERED", T.plusSeconds(86_400 * 3));

        assertThat(records.latestArticle("gzh")).contains(T.plusSeconds(86_400));
        assertThat(records.latestArticle("nobody")).isEmpty();
    }
}
