package org.tongfa.item;

import org.tongfa.support.TestDatabases;

/** Scheduling on the embedded default database. */
class ItemSchedulingH2IntegrationTest extends ItemSchedulingContract {

    @Override
    String freshDatabase() {
        return TestDatabases.h2Url();
    }
}
