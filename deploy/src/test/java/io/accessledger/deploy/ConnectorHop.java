package io.accessledger.deploy;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.accessledger.provisioning.connectors.scim.ScimPeer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;

/**
 * What bounds the connector worker's hop in a window (docs/BENCHMARKS.md, "End-to-end", "Fourteenth round"): sampled
 * every {@link #EVERY_MS} ms, the worker's calls running ({@code accessledger.provisioning.worker.calls}) against its
 * {@code threads}, provisioning-service's Hikari pool (connections in use, threads waiting for one) and the time its
 * borrowers waited ({@code hikaricp.connections.acquire}, per request), the SCIM test server's lock (a write holding
 * it, requests queued for it), and the machine's run queue ({@code procs_running} of {@code /proc/stat}: threads
 * runnable or running, against its cores). Reads in-memory state only: no statement, no request of its own.
 */
final class ConnectorHop implements AutoCloseable {
    static final int EVERY_MS = 50;

    private final MeterRegistry meters;
    private final HikariPoolMXBean pool;
    private final ScimPeer peer;
    private final String setting;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private final double acquiredBefore;
    private final double acquireMsBefore;
    private int samples;
    private long calls;
    private int callsMax;
    private long inUse;
    private int inUseMax;
    private long waiting;
    private int waitingMax;
    private int writing;
    private long queued;
    private int queuedMax;
    private long runQueue;
    private int runQueueMax;

    ConnectorHop(Suite suite) throws SQLException {
        this.meters = suite.bean(Suite.Service.PROVISIONING, MeterRegistry.class);
        this.pool = suite.bean(Suite.Service.PROVISIONING, DataSource.class).unwrap(HikariDataSource.class)
                .getHikariPoolMXBean();
        this.peer = suite.scim;
        Environment environment = suite.bean(Suite.Service.PROVISIONING, Environment.class);
        this.setting = String.format(Locale.ROOT, "worker.threads %s, saas-scim's concurrency %s, Hikari pool %s",
                environment.getProperty("accessledger.provisioning.worker.threads", "16"),
                environment.getProperty("accessledger.provisioning.targets.saas-scim.concurrency", "8"),
                environment.getProperty("spring.datasource.hikari.maximum-pool-size", "10"));
        Timer acquire = meters.find("hikaricp.connections.acquire").timer();
        this.acquiredBefore = acquire == null ? 0 : acquire.count();
        this.acquireMsBefore = acquire == null ? 0 : acquire.totalTime(TimeUnit.MILLISECONDS);
        sampler = new Thread(this::sample, "bench-connector-hop");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The connector worker's settings as the provisioning service runs them. */
    String setting() {
        return setting;
    }

    private void sample() {
        Gauge inFlight = meters.find("accessledger.provisioning.worker.calls").gauge();
        try {
            while (running.get()) {
                int c = inFlight == null ? 0 : (int) inFlight.value();
                int active = pool.getActiveConnections();
                int awaiting = pool.getThreadsAwaitingConnection();
                int queue = peer.waitingForLock();
                int runnable = procsRunning();
                synchronized (this) {
                    samples++;
                    calls += c;
                    callsMax = Math.max(callsMax, c);
                    inUse += active;
                    inUseMax = Math.max(inUseMax, active);
                    waiting += awaiting;
                    waitingMax = Math.max(waitingMax, awaiting);
                    writing += peer.writing() ? 1 : 0;
                    queued += queue;
                    queuedMax = Math.max(queuedMax, queue);
                    runQueue += runnable;
                    runQueueMax = Math.max(runQueueMax, runnable);
                }
                Thread.sleep(EVERY_MS);
            }
        } catch (InterruptedException | IOException e) {
            System.out.println("bench: connector-hop sampling stopped: " + e);
        }
    }

    private static int procsRunning() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("procs_running ")) {
                return Integer.parseInt(line.substring("procs_running ".length()).trim());
            }
        }
        return 0;
    }

    /** Stops sampling; the window's line for the report, the acquire wait per request. */
    String report(long requests) throws InterruptedException {
        running.set(false);
        sampler.join();
        Timer acquire = meters.find("hikaricp.connections.acquire").timer();
        String acquired = acquire == null ? "not measured (no hikaricp.connections.acquire)"
                : String.format(Locale.ROOT, "%.1f borrows and %.2f ms waited for a connection per request",
                        (acquire.count() - acquiredBefore) / Math.max(1, requests),
                        (acquire.totalTime(TimeUnit.MILLISECONDS) - acquireMsBefore) / Math.max(1, requests));
        double n = Math.max(1, samples);
        synchronized (this) {
            return String.format(Locale.ROOT, "The connector hop in phase 1 (%s; sampled every %d ms, %,d samples):"
                    + " calls running mean %.1f, max %d; provisioning's pool in use mean %.1f, max %d, threads waiting"
                    + " for a connection mean %.2f, max %d, %s; the SCIM test server's lock held by a write %.0f %% of"
                    + " samples, requests queued for it mean %.1f, max %d; the machine's run queue (procs_running)"
                    + " mean %.1f, max %d.", setting, EVERY_MS, samples, calls / n, callsMax, inUse / n, inUseMax,
                    waiting / n, waitingMax, acquired, 100 * writing / n, queued / n, queuedMax, runQueue / n,
                    runQueueMax);
        }
    }

    @Override
    public void close() {
        running.set(false);
    }
}
