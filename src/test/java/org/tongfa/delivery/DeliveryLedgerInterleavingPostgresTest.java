package org.tongfa.delivery;

import org.tongfa.support.TestDatabases;

/** Random interleavings of the ledger on a real (embedded) PostgreSQL. */
class DeliveryLedgerInterleavingPostgresTest extends DeliveryLedgerInterleavingContract {

    @Override
    String url() {
        return TestDatabases.postgresUrl();
    }
}
