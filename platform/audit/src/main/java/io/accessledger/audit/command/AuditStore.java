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
    private final LocalPostgres embedded;
    private final DataSource dataSource;
    private final String description;

    private AuditStore(LocalPostgres embedded, DataSource dataSource, String description) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.description = description;
    }

    static AuditStore embedded() {
        LocalPostgres postgres = LocalPostgres.temporary();
        String url = postgres.createDatabase("audit");
        DriverManagerDataSource dataSource = dataSource(url, "postgres", "");
        // a throw-away store: a commit need not wait for the disk (a crash loses the store, which a rerun rebuilds)
        dataSource.getConnectionProperties().setProperty("options", "-c synchronous_commit=off");
        return new AuditStore(postgres, dataSource, "an embedded PostgreSQL (" + url + "), dropped at the end");
    }

    static AuditStore at(String url, String user, String password) {
        return new AuditStore(null, dataSource(url, user, password), url);
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
