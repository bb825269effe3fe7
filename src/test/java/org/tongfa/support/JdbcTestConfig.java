package org.tongfa.support;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * The JDBC beans a repository-level contract test needs around the {@link DataSource} it registers
 * (see {@link TestDatabases}): a {@link JdbcClient} and a transaction manager, with
 * {@code @Transactional} honoured as in the service.
 */
@Configuration
@EnableTransactionManagement
public class JdbcTestConfig {

    @Bean
    JdbcClient jdbcClient(DataSource ds) {
        return JdbcClient.create(ds);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource ds) {
        return new DataSourceTransactionManager(ds);
    }
}
