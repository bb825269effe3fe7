package org.tongfa.delivery;

import org.tongfa.support.TestDatabases;

/** The ledger on a real (embedded) PostgreSQL, the several-nodes deployment. */
class DeliveryLedgerPostgresTest extends DeliveryLedgerContract {

    @Override
    String url() {
        return TestDatabases.postgresUrl();
    }
}
