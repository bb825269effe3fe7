package org.tongfa.item;

import org.tongfa.support.TestDatabases;

/** The sweep's claim on the embedded default database, H2. */
class DueClaimH2Test extends DueClaimContract {

    @Override
    String url() {
        return TestDatabases.h2Url();
    }
}
