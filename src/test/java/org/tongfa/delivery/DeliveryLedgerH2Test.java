package org.tongfa.delivery;

import org.tongfa.support.TestDatabases;

/** The ledger on the embedded default database, H2. */
class DeliveryLedgerH2Test extends DeliveryLedgerContract {

    @Override
    String url() {
        return TestDatabases.h2Url();
    }
}
