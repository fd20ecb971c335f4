package io.accessledger.spine.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Versioned migrations of a platform module's own tables (the spine's, the policy-in-force view's), kept apart from
 * the service's: scripts in {@code classpath:db/platform/<module>}, history in {@code flyway_<module>_history}. A
 * service's own migrations run through Spring Boot's Flyway integration from {@code db/migration/<service>}.
 */
public final class ModuleMigrations {
    private ModuleMigrations() {
    }

    /** Brings the module's tables to its latest version; a database from before migrations is baselined at 0. */
    public static MigrateResult migrate(DataSource dataSource, String module) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/platform/" + module)
                .table("flyway_" + module.replace('-', '_') + "_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
