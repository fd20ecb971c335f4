package io.accessledger.spine.testing;

import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.store.ModuleMigrations;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Databases as an older release of a service left them, for the migration tests every service has: a fresh database
 * brought to one version of the service's own migrations ({@code db/migration/<service>}), then started on with
 * {@code RunningService.start(app, name, "--spring.datasource.url=" + url)}.
 */
public final class SchemaVersions {
    private SchemaVersions() {
    }

    /** A fresh database at {@code version} of {@code service}'s migrations (and the spine's own tables). */
    public static String databaseAt(String service, String version) {
        String url = LocalPostgres.freshDatabaseUrl(service.replace('-', '_') + "_v" + version.replace('.', '_'));
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "");
        ModuleMigrations.migrate(dataSource, "spine");
        flyway(dataSource, service).target(MigrationVersion.fromVersion(version)).load().migrate();
        return url;
    }

    /** The versions of the service's own migrations applied to this database, oldest first. */
    public static List<String> applied(JdbcTemplate jdbc) {
        return jdbc.queryForList("select version from flyway_schema_history where success and version is not null"
                + " order by installed_rank", String.class);
    }

    /** The newest version among the service's migration scripts on the classpath. */
    public static String latest(String service) {
        DriverManagerDataSource none = new DriverManagerDataSource(LocalPostgres.freshDatabaseUrl("latest"),
                "postgres", "");
        org.flywaydb.core.api.MigrationInfo[] pending = flyway(none, service).load().info().pending();
        return pending[pending.length - 1].getVersion().getVersion();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DriverManagerDataSource dataSource,
            String service) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + service)
                .baselineOnMigrate(true).baselineVersion("0");
    }
}
