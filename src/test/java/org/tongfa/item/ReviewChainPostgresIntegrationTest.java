package org.tongfa.item;

import org.tongfa.support.TestDatabases;

/** The review chain on PostgreSQL. */
class ReviewChainPostgresIntegrationTest extends ReviewChainContract {

    @Override
    String freshDatabase() {
        return TestDatabases.postgresUrl();
    }
}
