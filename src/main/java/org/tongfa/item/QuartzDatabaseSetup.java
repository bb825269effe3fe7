package org.tongfa.item;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;

/**
 * Picks Quartz's JDBC delegate for the database in use, so the same build runs on the embedded H2
 * and on PostgreSQL (whose job data columns are BYTEA and need Quartz's PostgreSQL delegate).
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
        };
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
