package io.accessledger.audit.command;

import io.accessledger.infra.LocalPostgres;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Where the command rebuilds the audit read models: an embedded PostgreSQL of its own (real PostgreSQL binaries from
 * Maven Central, a throw-away data directory, gone when the command ends), or a PostgreSQL the auditor names with an
 * empty database.
 */
final class AuditStore implements AutoCloseable {
    /**
     * {@code work_mem} of the export's session in the command's own store: the whole export is one sort of every row
     * on {@code (occurred_at, event_id)}, which at PostgreSQL's default 4 MB spills to disk and merges in several
     * passes, and its beneficiaries' hash join spills too (docs/BENCHMARKS.md, "Audit replay", seventh round). A
     * store the auditor names keeps its own settings.
     */
    static final String EXPORT_WORK_MEM = "1GB";

    private final LocalPostgres embedded;
    private final DataSource dataSource;
    private final DataSource exportDataSource;
    private final String description;

    private AuditStore(LocalPostgres embedded, DataSource dataSource, DataSource exportDataSource,
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
        DriverManagerDataSource dataSource = dataSource(url, "postgres", "");
        dataSource.getConnectionProperties().setProperty("options", options);
        DriverManagerDataSource exporting = dataSource(url, "postgres", "");
        exporting.getConnectionProperties().setProperty("options", options + " -c work_mem=" + EXPORT_WORK_MEM);
        return new AuditStore(postgres, dataSource, exporting,
                "an embedded PostgreSQL (" + url + "), dropped at the end");
    }

    static AuditStore at(String url, String user, String password) {
        DataSource dataSource = dataSource(url, user, password);
        return new AuditStore(null, dataSource, dataSource, url);
    }

    /** Batched inserts sent as multi-row inserts. */
    private static DriverManagerDataSource dataSource(String url, String user, String password) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, user, password);
        Properties properties = new Properties();
        properties.setProperty("reWriteBatchedInserts", "true");
        dataSource.setConnectionProperties(properties);
        return dataSource;
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
        if (embedded != null) {
            embedded.close();
        }
    }
}
