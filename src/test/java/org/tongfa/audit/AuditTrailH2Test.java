package org.tongfa.audit;

import org.tongfa.support.TestDatabases;

/** The audit trail on the embedded default database, H2. */
class AuditTrailH2Test extends AuditTrailContract {

    @Override
    String url() {
        return TestDatabases.h2Url();
    }
}
