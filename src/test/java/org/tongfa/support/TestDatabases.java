package org.tongfa.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Real databases for tests: a fresh in-memory H2 per call, or a fresh database on one embedded
 * PostgreSQL server shared by the whole test JVM (started on first use, stopped at exit).
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** A JDBC URL for a fresh in-memory H2 database. */
    public static String h2Url() {
        return "jdbc:h2:mem:tongfa" + COUNTER.incrementAndGet() + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    /** A JDBC URL for a fresh, empty database on the shared embedded PostgreSQL server. */
    public static synchronized String postgresUrl() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
            String name = "tongfa" + COUNTER.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot start embedded PostgreSQL", e);
        }
    }

    /** A migrated data source on the given URL. */
    public static DataSource migrated(String url) {
        DriverManagerDataSource ds = new DriverManagerDataSource(url, url.startsWith("jdbc:h2") ? "sa" : "postgres", "");
        String vendor = url.startsWith("jdbc:h2") ? "h2" : "postgresql";
        Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .load().migrate();
        return ds;
    }
}
