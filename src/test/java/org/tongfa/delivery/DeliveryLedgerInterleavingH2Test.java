package org.tongfa.delivery;

import org.tongfa.support.TestDatabases;

/** Random interleavings of the ledger on the embedded default database, H2. */
class DeliveryLedgerInterleavingH2Test extends DeliveryLedgerInterleavingContract {

    @Override
    String url() {
        return TestDatabases.h2Url();
    }
}
