package org.tongfa.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.support.TestDatabases;

/** The audit trail on a real (embedded) PostgreSQL, where the database itself also refuses changes. */
class AuditTrailPostgresTest extends AuditTrailContract {

    @Override
    String url() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void allowTampering(JdbcClient jdbc) {
        // What a tamperer with the owner's rights would do first.
        jdbc.sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only").update();
    }

    @Test
    void theDatabaseRefusesToUpdateDeleteOrTruncateARow() {
        publishSome(2);

        assertThatThrownBy(() -> jdbc().sql("UPDATE audit_entry SET actor = 'x' WHERE seq = 1").update())
                .hasMessageContaining("audit_entry is append-only: UPDATE refused");
        assertThatThrownBy(() -> jdbc().sql("DELETE FROM audit_entry WHERE seq = 2").update())
                .hasMessageContaining("audit_entry is append-only: DELETE refused");
        assertThatThrownBy(() -> jdbc().sql("TRUNCATE audit_entry").update())
                .hasMessageContaining("audit_entry is append-only: TRUNCATE refused");
        assertThat(trail().verify().rowsChecked()).isEqualTo(2);
    }
}
