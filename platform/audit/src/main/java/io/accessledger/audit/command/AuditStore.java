package io.accessledger.audit.command;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.accessledger.infra.LocalPostgres;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Where the command rebuilds the audit read models: an embedded PostgreSQL of its own (real PostgreSQL binaries from
 * Maven Central, a throw-away data directory, gone when the command ends), or a PostgreSQL the auditor names with an
 * empty database. The replay writes through a pool of {@value #CONNECTIONS} connections kept open for the whole
 * command, not a connection per transaction: each new connection is a new PostgreSQL backend, which starts with cold
 * catalog caches and faults in the shared buffers it touches (docs/BENCHMARKS.md, "Audit replay", tenth round).
 */
final class AuditStore implements AutoCloseable {
    /**
     * {@code work_mem} of the export's session in the command's own store: the whole export is one sort of every row
     * on {@code (occurred_at, event_id)}, which at PostgreSQL's default 4 MB spills to disk and merges in several
     * passes, and its beneficiaries' hash join spills too (docs/BENCHMARKS.md, "Audit replay", seventh round). A
     * store the auditor names keeps its own settings.
     */
    static final String EXPORT_WORK_MEM = "1GB";
    /**
     * The writer's pool: the replay uses one connection at a time (a poll's transaction, then the next); a second
     * is there so that whatever asks for one while the first is held gets it instead of waiting, and the keys,
     * indexes and statistics after the load are built on both at once ({@link BulkLoad#finish}).
     */
    static final int CONNECTIONS = 2;

    private final LocalPostgres embedded;
    private final HikariDataSource dataSource;
    private final DataSource exportDataSource;
    private final String description;

    private AuditStore(LocalPostgres embedded, HikariDataSource dataSource, DataSource exportDataSource,
            String description) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.exportDataSource = exportDataSource;
        this.description = description;
    }

    static AuditStore embedded() {
        LocalPostgres postgres = LocalPostgres.temporary();
        // text in code-point order on every machine, compared without the C library: the indexes build faster
        String url = postgres.createDatabaseInCodePointOrder("audit");
        // a throw-away store: a commit need not wait for the disk (a crash loses the store, which a rerun rebuilds)
        String options = "-c synchronous_commit=off";
        Properties writing = properties();
        writing.setProperty("options", options);
        DriverManagerDataSource exporting = new DriverManagerDataSource(url, "postgres", "");
        exporting.setConnectionProperties(properties());
        exporting.getConnectionProperties().setProperty("options", options + " -c work_mem=" + EXPORT_WORK_MEM);
        return new AuditStore(postgres, pool(url, "postgres", "", writing), exporting,
                "an embedded PostgreSQL (" + url + "), dropped at the end");
    }

    static AuditStore at(String url, String user, String password) {
        HikariDataSource dataSource = pool(url, user, password, properties());
        return new AuditStore(null, dataSource, dataSource, url);
    }

    /** The writer's connections, kept open until {@link #close}. */
    private static HikariDataSource pool(String url, String user, String password, Properties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("accessledger-audit-store");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setDataSourceProperties(properties);
        config.setMaximumPoolSize(CONNECTIONS);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /** Batched inserts sent as multi-row inserts. */
    private static Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    /** The command's own store, dropped at the end: it may be loaded as {@link BulkLoad} does. */
    boolean throwAway() {
        return embedded != null;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Connections for the export: in the command's own store with {@link #EXPORT_WORK_MEM}, else as any other. */
    DataSource exportDataSource() {
        return exportDataSource;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close(); // before the server stops: its connections end cleanly
        if (embedded != null) {
            embedded.close();
        }
    }
}
