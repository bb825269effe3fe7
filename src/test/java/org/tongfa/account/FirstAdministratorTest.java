package org.tongfa.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import org.tongfa.common.AuditEvent;
import org.tongfa.config.TongfaProperties;
import org.tongfa.security.Role;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

/**
 * The first administrator: made once, on the first start with no account, with its password in an
 * owner-only file that signs in; never again; and of two nodes starting at once on one database, the
 * loser writes nothing.
 */
class FirstAdministratorTest {

    @TempDir
    Path root;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    final PasswordEncoder encoder = new BCryptPasswordEncoder(4);
    final List<AuditEvent> events = new ArrayList<>();
    final DataSource data = TestDatabases.migrated(TestDatabases.h2Url());
    final JdbcClient jdbc = JdbcClient.create(data);

    FirstAdministrator node(AccountStore store, String dataDirectory) {
        TongfaProperties properties = new TongfaProperties(URI.create("http://localhost:8080"), "test-node",
                root.resolve(dataDirectory), Map.of("news", new TongfaProperties.Column("工作动态", List.of("archive"), List.of(), false)),
                Map.of("archive", new TongfaProperties.ChannelSettings("folder", true, true, 1, List.of())),
                new TongfaProperties.Api(Map.of(), Map.of(), Map.of(), Duration.ofHours(8), DataSize.ofMegabytes(1)),
                null, null, new TongfaProperties.Sanitizer(List.of()));
        return new FirstAdministrator(store, encoder, new TransactionTemplate(new DataSourceTransactionManager(data)),
                event -> events.add((AuditEvent) event), clock, properties);
    }

    @Test
    void theFirstStartMakesAnAdministratorWhosePasswordIsInAnOwnerOnlyFileAndLaterStartsDoNothing() throws Exception {
        AccountStore store = new AccountStore(jdbc);

        assertThat(node(store, "data").createIfNoAccount()).isTrue();
        Path file = root.resolve("data").resolve("admin-password");
        String password = Files.readString(file).strip();
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(PasswordPolicy.problem("admin", password)).isEmpty();
        assertThat(encoder.matches(password, store.passwordHash("admin").orElseThrow())).isTrue();
        assertThat(store.find("admin").orElseThrow().roles()).isEqualTo(Map.of(Role.ADMIN, java.util.Set.of()));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditEvent.Action.ACCOUNT_CREATE);
            assertThat(e.changes().values()).doesNotContain(password);
        });

        Files.delete(file);
        assertThat(node(store, "data").createIfNoAccount()).isFalse();
        assertThat(file).doesNotExist();
    }

    @Test
    void ofTwoNodesStartingAtOnceTheLoserWritesNothingAndGoesOn() throws Exception {
        // Both saw an empty table: the second insert meets the first's primary key.
        AccountStore sawNoAccount = new AccountStore(jdbc) {
            @Override
            boolean anyAccount() {
                return false;
            }
        };
        assertThat(node(sawNoAccount, "node-1").createIfNoAccount()).isTrue();
        assertThat(node(sawNoAccount, "node-2").createIfNoAccount()).isFalse();

        assertThat(root.resolve("node-1").resolve("admin-password")).exists();
        assertThat(root.resolve("node-2").resolve("admin-password")).doesNotExist();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single()).isEqualTo(1);
        assertThat(events).hasSize(1);
    }
}
