package org.tongfa.item;

import org.tongfa.support.TestDatabases;

/** The sweep's claim on a real (embedded) PostgreSQL, the several-nodes deployment. */
class DueClaimPostgresTest extends DueClaimContract {

    @Override
    String url() {
        return TestDatabases.postgresUrl();
    }
}
