package io.accessledger.audit.model;

import io.accessledger.spine.replay.ReadModel;
import io.accessledger.spine.store.ModuleMigrations;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit read models as one set, for whoever runs them: request-service (which serves them, through
 * {@link AuditReadModelsAutoConfiguration}) and the {@code accessledger-audit replay} command (which rebuilds them
 * from the topics alone into a database of its own). They need nothing but a database.
 */
public final class AuditReadModels {
    /** The module's name: migrations in {@code classpath:db/platform/audit}, history {@code flyway_audit_history}. */
    public static final String MODULE = "audit";

    private AuditReadModels() {
    }

    /** Brings the audit tables to the latest version; run it before the read models handle anything. */
    public static void migrate(DataSource dataSource) {
        ModuleMigrations.migrate(dataSource, MODULE);
    }

    /** Every audit read model, new instances on {@code jdbc}. */
    public static List<ReadModel> all(JdbcTemplate jdbc) {
        return List.of(new AccessHistoryView(jdbc), new AuditTrailView(jdbc));
    }
}
