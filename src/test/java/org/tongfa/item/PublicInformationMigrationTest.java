package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.json.JsonMapper;

/**
 * V10 adds 成文日期, 有效性 and 主题分类 to item versions: a version stored before reads with none of them,
 * and a new one keeps its days as the same calendar days on H2 and PostgreSQL.
 */
class PublicInformationMigrationTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOlderVersionReadsWithoutTheMetadataAndANewOneKeepsItsDays(String database) {
        String url = database.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl();
        DriverManagerDataSource ds = new DriverManagerDataSource(url, database.equals("h2") ? "sa" : "postgres", "");
        List<String> locations = List.of("classpath:db/migration/common", "classpath:db/migration/" + database);
        Flyway.configure().dataSource(ds).target("9").locations(locations.toArray(String[]::new)).load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("INSERT INTO item (id, status, current_version, column_key, title, disclosure_type, priority, "
                        + "created_at, created_by, updated_at) VALUES ('old', 'DRAFT', 1, 'policies', 't', 'PROACTIVE', "
                        + "'NORMAL', :now, 'test', :now)")
                .param("now", T0).update();
        jdbc.sql("INSERT INTO item_version (item_id, version, title, summary, body_html, author, department, "
                        + "column_key, disclosure_type, index_number, priority, tags_json, overrides_json, channels_json, "
                        + "created_at, created_by) VALUES ('old', 1, 't', '', '<p>x</p>', '', '办公室', 'policies', "
                        + "'PROACTIVE', '11440100-2020-00001', 'NORMAL', '[]', '{}', '[]', :now, 'test')")
                .param("now", T0).update();

        Flyway.configure().dataSource(ds).locations(locations.toArray(String[]::new)).load().migrate();

        ItemRepository items = new ItemRepository(jdbc, JsonMapper.builder().build());
        ItemVersion old = items.version("old", 1).orElseThrow();
        assertThat(old.signedOn()).isNull();
        assertThat(old.validity()).isNull();
        assertThat(old.topic()).isNull();

        ItemRequest.Validity repealed = new ItemRequest.Validity(ValidityStatus.REPEALED, LocalDate.of(2026, 11, 30));
        items.insertVersion(new ItemVersion("old", 2, "t", "", "<p>x</p>", "", "办公室", "policies",
                DisclosureType.PROACTIVE, null, "11440100-2020-00001", null, null, Priority.NORMAL, null, null,
                List.of(), Map.of(), List.of(), Instant.parse("2026-11-30T16:30:00Z"), "test", null,
                LocalDate.of(2020, 1, 1), repealed, "工业、交通"));
        ItemVersion stored = items.version("old", 2).orElseThrow();
        assertThat(stored.signedOn()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(stored.validity()).isEqualTo(repealed);
        assertThat(stored.topic()).isEqualTo("工业、交通");
    }
}
