package org.tongfa.item;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prepares Quartz's job store for the database in use: picks the JDBC delegate (PostgreSQL's job data
 * columns are BYTEA and need Quartz's PostgreSQL delegate), and makes sure the scheduler's lock rows
 * exist before the first job is stored.
 *
 * <p>Quartz inserts a missing lock row on first use. Two editors publishing at once on a fresh
 * database then race for that insert inside their own transactions, and Quartz's recovery from the
 * losing insert can leave the publishing transaction without the ledger rows it already wrote. With
 * the rows in place, Quartz only ever locks them.
 */
@Configuration(proxyBeanMethods = false)
class QuartzDatabaseSetup {

    @Bean
    SchedulerFactoryBeanCustomizer quartzDelegateForDatabase(DataSource dataSource, QuartzProperties quartz) {
        return factory -> {
            Properties properties = new Properties();
            properties.putAll(quartz.getProperties());
            properties.putIfAbsent("org.quartz.jobStore.driverDelegateClass", delegateFor(dataSource));
            factory.setQuartzProperties(properties);
            seedLockRows(dataSource, properties.getProperty("org.quartz.scheduler.instanceName", "quartzScheduler"));
        };
    }

    private static void seedLockRows(DataSource dataSource, String schedulerName) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (String lock : new String[] {"TRIGGER_ACCESS", "STATE_ACCESS"}) {
            try {
                jdbc.sql("INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) SELECT :name, :lock WHERE NOT EXISTS "
                                + "(SELECT 1 FROM QRTZ_LOCKS WHERE SCHED_NAME = :name AND LOCK_NAME = :lock)")
                        .param("name", schedulerName).param("lock", lock).update();
            } catch (DuplicateKeyException anotherNodeWasFirst) {
                // the row exists, which is all that matters
            }
        }
    }

    private static String delegateFor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
            return product.contains("postgres") ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                    : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database Quartz runs on", e);
        }
    }
}
