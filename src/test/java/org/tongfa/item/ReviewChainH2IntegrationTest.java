package org.tongfa.item;

import org.tongfa.support.TestDatabases;

/** The review chain on the embedded default database. */
class ReviewChainH2IntegrationTest extends ReviewChainContract {

    @Override
    String freshDatabase() {
        return TestDatabases.h2Url();
    }
}
