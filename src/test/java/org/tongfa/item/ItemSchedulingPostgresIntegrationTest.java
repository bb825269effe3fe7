package org.tongfa.item;

import org.tongfa.support.TestDatabases;

/** Scheduling on PostgreSQL, where several nodes share one Quartz cluster. */
class ItemSchedulingPostgresIntegrationTest extends ItemSchedulingContract {

    @Override
    String freshDatabase() {
        return TestDatabases.postgresUrl();
    }
}
