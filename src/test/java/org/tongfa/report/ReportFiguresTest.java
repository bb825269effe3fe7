package org.tongfa.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties;
import org.tongfa.report.KnownFigures.ChannelCount;
import org.tongfa.report.KnownFigures.ColumnCount;
import org.tongfa.report.KnownFigures.DocumentCount;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of a seeded year (2025) match those worked out by hand, on H2 and on PostgreSQL; a
 * published report keeps them when the items change afterwards. Times are UTC in the seed: Beijing is
 * eight hours ahead, so 2024-12-31T16:30Z is already 1 January 2025 there and 2025-12-31T16:30Z is 2026.
 */
class ReportFiguresTest {

    private JdbcClient jdbc;

    private ReportQueries queries(DataSource ds) {
        // In this order, as configured: the report lists the columns so.
        Map<String, String> source = new LinkedHashMap<>();
        source.put("tongfa.columns.news.name", "工作动态");
        source.put("tongfa.columns.policies.name", "政策文件");
        source.put("tongfa.columns.interpretations.name", "政策解读");
        source.put("tongfa.channels.website.type", "website");
        source.put("tongfa.channels.gzh.type", "wechat");
        SettingsBinder settings = TestSettings.binder(source);
        return new ReportQueries(JdbcClient.create(ds), settings.bind("tongfa", TongfaProperties.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theFiguresOfASeededYearAreThoseCountedByHand(String database) {
        DataSource ds = seeded(database);

        KnownFigures f = queries(ds).figures(2025);

        assertThat(f.columns()).containsExactly(
                new ColumnCount("news", "工作动态", months(1, 2, 6, 1), 3),
                new ColumnCount("policies", "政策文件", months(3, 1, 6, 1), 2),
                new ColumnCount("interpretations", "政策解读", months(6, 1), 1));
        assertThat(f.proactiveTotal()).isEqualTo(6);
        assertThat(f.interpretations()).isEqualTo(2);
        assertThat(f.monthTotals()).isEqualTo(months(1, 2, 3, 1, 6, 3));
        assertThat(f.regulations()).isEqualTo(new DocumentCount(1, 1, 1));
        assertThat(f.normativeDocuments()).isEqualTo(new DocumentCount(1, 1, 1));
        assertThat(f.channels()).containsExactly(
                new ChannelCount("gzh", 0, 0, 1, 1, 0),
                new ChannelCount("website", 2, 3, 1, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aPublishedReportKeepsItsFiguresWhenItemsChangeLater(String database) {
        DataSource ds = seeded(database);
        ReportService reports = new ReportService(new ReportStore(jdbc, JsonMapper.builder().build()), queries(ds),
                Clock.fixed(Instant.parse("2026-01-20T02:00:00Z"), ZoneOffset.UTC));
        assertThat(reports.due()).contains(2025);
        reports.save(2025, ReportSamples.valid(), "signer");
        reports.publish(2025, "signer");

        item("late", "news", "PROACTIVE", "2025-08-01T02:00:00Z", 1, 1);
        version("late", 1, null, null, null, null);

        AnnualReport report = reports.report(2025);
        assertThat(report.published()).isTrue();
        assertThat(report.figures().proactiveTotal()).isEqualTo(6);
        assertThat(report.entries()).isEqualTo(ReportSamples.valid());
        assertThat(reports.due()).isEmpty();
        assertThatThrownBy(() -> reports.save(2025, ReportSamples.valid(), "signer"))
                .isInstanceOfSatisfying(ReportRefusal.class, e -> assertThat(e.kind()).isEqualTo(ReportRefusal.Kind.NOT_ALLOWED));
        // The next year is counted afresh, and last year's texts come as a reference only.
        AnnualReport next = reports.report(2026);
        assertThat(next.entries()).isNull();
        assertThat(next.lastYear().problems()).isEqualTo("一是公开内容不够全面。");
    }

    /** A migrated database of {@code database}'s kind holding the seed below. */
    private DataSource seeded(String database) {
        DataSource ds = TestDatabases.migrated(database.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl());
        jdbc = JdbcClient.create(ds);
        seed();
        return ds;
    }

    private void seed() {
        item("n1", "news", "PROACTIVE", "2025-01-15T02:00:00Z", 2, 2);
        item("n2", "news", "PROACTIVE", "2024-12-31T16:30:00Z", 1, 1);
        item("n3", "news", "PROACTIVE", "2025-12-31T16:30:00Z", 1, 1);
        item("n4", "news", "ON_REQUEST", "2025-03-01T02:00:00Z", 1, 1);
        item("n5", "news", "PROACTIVE", null, 1, null);
        item("i2", "news", "PROACTIVE", "2025-06-05T02:00:00Z", 1, 1);
        item("p1", "policies", "PROACTIVE", "2025-03-10T02:00:00Z", 1, 1);
        version("p1", 1, "REGULATION", "2025-03-01", "VALID", null);
        item("p2", "policies", "PROACTIVE", "2025-06-01T02:00:00Z", 1, 1);
        version("p2", 1, "NORMATIVE", "2025-05-20", "REPEALED", "2025-11-01");
        // Released version 2 lapses in 2026, so it was in force at the end of 2025; version 3 is unreleased.
        item("p3", "policies", "PROACTIVE", "2023-02-01T02:00:00Z", 3, 2);
        version("p3", 1, "NORMATIVE", "2023-01-10", "VALID", null);
        version("p3", 2, "NORMATIVE", "2023-01-10", "LAPSED", "2026-02-01");
        version("p3", 3, "OTHER", "2023-01-10", "REPEALED", "2025-03-01");
        item("p4", "policies", "PROACTIVE", "2024-05-01T02:00:00Z", 1, 1);
        version("p4", 1, "REGULATION", "2024-04-01", "REPEALED", "2025-02-01");
        item("p5", "policies", "PROACTIVE", null, 1, null);
        version("p5", 1, "NORMATIVE", "2025-07-01", "VALID", null);
        item("i1", "interpretations", "PROACTIVE", "2025-06-02T02:00:00Z", 1, 1);
        jdbc.sql("INSERT INTO item_relation (item_id, related_item_id, relation) VALUES ('i1', 'p2', 'INTERPRETS')").update();
        jdbc.sql("INSERT INTO item_relation (item_id, related_item_id, relation) VALUES ('p1', 'i2', 'INTERPRETED_BY')").update();

        delivery("n1", 1, "website", "PUBLISH", "DELIVERED", "2025-01-15T02:00:00Z");
        delivery("n1", 2, "website", "PUBLISH", "DELIVERED", "2025-02-01T02:00:00Z");
        delivery("p1", 1, "website", "PUBLISH", "DELIVERED", "2025-03-10T02:00:00Z");
        delivery("p2", 1, "website", "PUBLISH", "DEAD", "2025-06-01T02:00:00Z");
        delivery("p2", 1, "website", "RETRACT", "DELIVERED", "2025-07-01T02:00:00Z");
        delivery("n3", 1, "website", "PUBLISH", "DELIVERED", "2025-12-31T16:30:00Z");
        delivery("n1", 1, "gzh", "PUBLISH", "PENDING", "2025-01-15T02:00:00Z");
        delivery("p1", 1, "gzh", "PUBLISH", "FAILED", "2025-03-10T02:00:00Z");
    }

    /** Twelve months, zero but for the (month, count) pairs given. */
    private static List<Long> months(int... monthCounts) {
        Long[] months = new Long[12];
        java.util.Arrays.fill(months, 0L);
        for (int i = 0; i < monthCounts.length; i += 2) {
            months[monthCounts[i] - 1] = (long) monthCounts[i + 1];
        }
        return List.of(months);
    }

    private void item(String id, String column, String disclosure, String firstPublished, int current, Integer released) {
        OffsetDateTime created = OffsetDateTime.of(2023, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        jdbc.sql("INSERT INTO item (id, status, current_version, released_version, column_key, title, disclosure_type, "
                        + "priority, first_published_at, created_at, created_by, updated_at) VALUES (:id, :status, :current, "
                        + ":released, :column, :id, :disclosure, 'NORMAL', :first, :created, 'test', :created)")
                .param("id", id).param("status", firstPublished == null ? "DRAFT" : "PUBLISHED")
                .param("current", current).param("released", released).param("column", column)
                .param("disclosure", disclosure)
                .param("first", firstPublished == null ? null : OffsetDateTime.parse(firstPublished))
                .param("created", created).update();
    }

    private void version(String id, int version, String type, String signedOn, String validity, String validityDate) {
        jdbc.sql("INSERT INTO item_version (item_id, version, title, summary, body_html, author, department, column_key, "
                        + "disclosure_type, index_number, priority, tags_json, overrides_json, channels_json, created_at, "
                        + "created_by, signed_on, validity, validity_date, document_type) VALUES (:id, :version, :id, '', "
                        + "'<p>x</p>', '', '办公室', 'policies', 'PROACTIVE', 'x', 'NORMAL', '[]', '{}', '[]', :created, "
                        + "'test', :signed, :validity, :validityDate, :type)")
                .param("id", id).param("version", version)
                .param("created", OffsetDateTime.of(2023, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .param("signed", signedOn == null ? null : LocalDate.parse(signedOn), java.sql.Types.DATE)
                .param("validity", validity)
                .param("validityDate", validityDate == null ? null : LocalDate.parse(validityDate), java.sql.Types.DATE)
                .param("type", type).update();
    }

    private void delivery(String item, int version, String channel, String action, String status, String at) {
        OffsetDateTime t = OffsetDateTime.parse(at);
        jdbc.sql("INSERT INTO delivery (item_id, item_version, channel, action, status, attempts, next_attempt_at, "
                        + "released_at, created_at, updated_at, delivered_at) VALUES (:item, :version, :channel, :action, "
                        + ":status, 1, :t, :t, :t, :t, :delivered)")
                .param("item", item).param("version", version).param("channel", channel).param("action", action)
                .param("status", status).param("t", t)
                .param("delivered", status.equals("DELIVERED") ? t : null).update();
    }
}
