package io.accessledger.deploy;

import static io.accessledger.deploy.Suite.Service.POLICY;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.Topic;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end benchmark (docs/BENCHMARKS.md, "End-to-end"): the five services ({@link Suite}: one JVM, a real
 * in-JVM KRaft broker, embedded PostgreSQL, the independent SCIM server as the automated target) under a fixed
 * offered rate of in-profile LOW requests (confluence edit, auto-approved by the demo policy, provisioned on SCIM) from
 * {@code -Dbench.clients} clients, each request for its own freshly imported person. Phase 1 offers
 * {@code -Dbench.rate} requests/s for {@code -Dbench.seconds} and measures the rate at which they reach
 * {@code PROVISIONED} (the {@code AccessProvisioned} records on the provisioning topic, by broker timestamp); phase 2
 * offers half that rate and measures submit→provisioned p50/p95/p99. Then, on the same broker in the same run,
 * Kafka's own {@link ProducerPerformance} and {@link ConsumerPerformance} with AccessLedger's mean record size.
 * Not part of the test suite (not named {@code *Test}); run by {@code deploy/bench-e2e.sh}. Writes
 * {@code target/bench-e2e.md}.
 */
class EndToEndBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVISIONED_TYPE = "accessledger.provisioning.access-provisioned.v1";
    private static final Path DEMO_POLICY = Path.of("../policy-service/src/main/resources/policy/demo-policy.yaml");
    private static final Pattern PRODUCED = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");
    /**
     * {@code -Dbench.tracing}: {@code false}, the default since the eleventh round, runs the services with tracing off,
     * as a deployed one runs unless {@code ACCESSLEDGER_TRACING=true} (no span recorded); {@code true} with the spans
     * on, as the system tests run them and every round up to the tenth measured.
     */
    private static final boolean TRACING = Boolean.parseBoolean(System.getProperty("bench.tracing", "false"));

    private final Map<String, Long> provisionedAt = new ConcurrentHashMap<>();
    /** Broker timestamp of the first record of each ce_type, by correlation id (a request's id) and by key. */
    private final Map<String, Map<String, Long>> stagesOf = new ConcurrentHashMap<>();
    private final AtomicLong eventBytes = new AtomicLong();
    private final AtomicLong eventRecords = new AtomicLong();

    @Test
    void requestsPerSecondToProvisionedAgainstKafkasOwnRates() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 30);
        double rate = Double.parseDouble(System.getProperty("bench.rate", "20"));
        int clients = Integer.getInteger("bench.clients", 4);
        int drain = Integer.getInteger("bench.drain", 180);
        int warmups = Math.max(5, Integer.getInteger("bench.warmup", 5));
        try (KraftBroker broker = KraftBroker.onFreePorts().start();
                Suite suite = new Suite(broker.bootstrapServers(), null, TRACING)) {
            int people = (int) Math.ceil(rate * seconds * 1.5) + 5 + warmups;
            List<String> beneficiaries = prepare(suite, people);
            System.out.printf(Locale.ROOT, "bench: %,d people imported%n", people);
            RunCpu cpu = RunCpu.ofThisJvm();
            if (Boolean.getBoolean(LocalPostgres.FLUSH_AT_COMMIT)) {
                assertFlushesAtCommit(cpu.url());
            }

            AtomicBoolean running = new AtomicBoolean(true);
            Thread watcher = startWatcher(broker, running);
            // The first requests through every hop (cold caches, lazy connections, the JIT) are not the steady state:
            // 5 at 1/s, or -Dbench.warmup of them at half the rate.
            double warmupRate = warmups == 5 ? 1 : Math.max(1, rate / 2);
            Phase warmup = run(suite, beneficiaries.subList(0, warmups), warmupRate,
                    (int) Math.ceil(warmups / warmupRate), clients, drain);
            System.out.printf(Locale.ROOT, "bench: warm-up %s%n", warmup);

            long offsetsBefore = endOffsets(broker.bootstrapServers());
            int used = warmups;
            int phase1Count = (int) Math.round(rate * seconds);
            IdleCost breakdown = new IdleCost(cpu, cpu.url());
            IdleCost.Snapshot detailBefore = breakdown.snapshot();
            double[] cpuBefore = cpu.now();
            long[] workBefore = cpu.work();
            LockWaits lockWaits = new LockWaits(suite, cpu.url());
            ConnectorHop connectorHop = new ConnectorHop(suite);
            Phase full = run(suite, beneficiaries.subList(used, used + phase1Count), rate, seconds, clients, drain);
            String locks = lockWaits.report(full.accepted) + "\n\n" + connectorHop.report(full.accepted);
            lockWaits.close();
            connectorHop.close();
            double[] cpuPhase1 = minus(cpu.now(), cpuBefore);
            long[] workPhase1 = cpu.work();
            String phase1Detail = breakdown.report(detailBefore, breakdown.snapshot(),
                    IdleCost.Per.request(full.accepted));
            for (int i = 0; i < workPhase1.length; i++) {
                workPhase1[i] -= workBefore[i];
            }
            long offsetsAfter = endOffsets(broker.bootstrapServers());
            used += phase1Count;
            System.out.printf(Locale.ROOT, "bench: phase 1 %s%n", full);

            double half = Math.max(0.5, full.provisionedPerSecond() / 2);
            int phase2Count = Math.min(beneficiaries.size() - used, (int) Math.round(half * seconds));
            cpuBefore = cpu.now();
            Phase halfRate = run(suite, beneficiaries.subList(used, used + phase2Count), half, seconds, clients, drain);
            double[] cpuPhase2 = minus(cpu.now(), cpuBefore);
            System.out.printf(Locale.ROOT, "bench: phase 2 %s%n", halfRate);
            storedGrantEvents(cpu.url());
            String stages = "Where a request's time goes (median broker timestamp of each event after the submit,"
                    + " by request; `provisioning store:` rows are the time a grant's event was applied in"
                    + " provisioning-service's event store):\n\n" + stages("1: full rate", full) + "\n" + stages("2: half rate", halfRate);
            running.set(false);
            watcher.join();

            double accessLedgerEvents = (offsetsAfter - offsetsBefore) / full.elapsedSeconds();
            int recordSize = (int) Math.max(100, eventBytes.get() / Math.max(1, eventRecords.get()));
            long perfRecords = Long.getLong("bench.perf-records", 500_000);
            double produced = producerPerformance(broker.bootstrapServers(), perfRecords, recordSize);
            double consumed = consumerPerformance(broker.bootstrapServers(), perfRecords);
            String report = String.format(Locale.ROOT, """
                    | phase | offered req/s | accepted | reached PROVISIONED | PROVISIONED/s | p50 | p95 | p99 | max |
                    | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                    | 1: full rate | %.1f | %d | %d | %.1f | %s | %s | %s | %s |
                    | 2: half of phase 1 | %.1f | %d | %d | %.1f | %s | %s | %s | %s |

                    AccessLedger wrote %,d event records during phase 1 (%.1f events per request, mean value %,d bytes): \
                    %,.0f events/s.
                    Kafka on the same broker, %,d records of %,d bytes: producer %,.0f records/s, consumer %,.0f \
                    records/s; AccessLedger's events/s are %.3f %% of the producer's and %.3f %% of the consumer's.
                    Load average at the end: %s. Tracing: %s. Connector worker: %s.

                    %s
                    %s

                    %s
                    Phase 1 in detail, per request (its threads, transactions, tables and broker requests; the \
                    snapshots' own queries included):

                    %s""", rate, full.accepted, full.provisioned, full.provisionedPerSecond(), ms(full, 50), ms(full, 95),
                    ms(full, 99), ms(full, 100), half, halfRate.accepted, halfRate.provisioned,
                    halfRate.provisionedPerSecond(), ms(halfRate, 50), ms(halfRate, 95), ms(halfRate, 99),
                    ms(halfRate, 100), offsetsAfter - offsetsBefore,
                    (offsetsAfter - offsetsBefore) / (double) Math.max(1, full.accepted), recordSize, accessLedgerEvents,
                    perfRecords, recordSize, produced, consumed, 100 * accessLedgerEvents / produced,
                    100 * accessLedgerEvents / consumed, Files.readString(Path.of("/proc/loadavg")).trim(),
                    TRACING ? "on (the system tests' setting, -Dbench.tracing=true)"
                            : "off (a deployed service's default)", connectorHop.setting(),
                    cpu("1", full, cpuPhase1) + String.format(Locale.ROOT, " Work in phase 1 per request:"
                            + " %.1f PostgreSQL transactions, %.1f offset commits, %.1f fetch requests.",
                            workPhase1[0] / (double) Math.max(1, full.accepted),
                            workPhase1[1] / (double) Math.max(1, full.accepted),
                            workPhase1[2] / (double) Math.max(1, full.accepted)),
                    cpu("2", halfRate, cpuPhase2), stages, locks + "\n\n" + phase1Detail);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/bench-e2e.md"), report);
            System.out.println(report);
        }
    }

    /**
     * The idle cost ({@code deploy/bench-e2e.sh idle [SECONDS]}): the same suite, directory, policy and warm-up
     * requests as the benchmark, then {@code -Dbench.idle-settle} seconds (default 30) for their aftermath, then a
     * quiet window of {@code -Dbench.idle} seconds (default 60) with no request: {@link IdleCost}'s report, written to
     * {@code target/bench-idle.md}.
     */
    @Test
    void idleCost() throws Exception {
        int window = Integer.getInteger("bench.idle", 60);
        int settle = Integer.getInteger("bench.idle-settle", 30);
        try (KraftBroker broker = KraftBroker.onFreePorts().start();
                Suite suite = new Suite(broker.bootstrapServers(), null, TRACING)) {
            List<String> beneficiaries = prepare(suite, 10);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread watcher = startWatcher(broker, running);
            Phase warmup = run(suite, beneficiaries.subList(0, 5), 1, 5, 1, 180);
            running.set(false);
            watcher.join();
            assertThat(warmup.provisioned).as("the warm-up requests were provisioned").isEqualTo(warmup.accepted);
            System.out.printf(Locale.ROOT, "bench: warm-up %s; idle for %d s, then measuring %d s%n", warmup, settle,
                    window);
            Thread.sleep(settle * 1000L);
            RunCpu cpu = RunCpu.ofThisJvm();
            IdleCost idle = new IdleCost(cpu, cpu.url());
            IdleCost.Snapshot before = idle.snapshot();
            Thread.sleep(window * 1000L);
            IdleCost.Snapshot after = idle.snapshot();
            String report = idle.report(before, after);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/bench-idle.md"), report);
            System.out.println(report);
        }
    }

    /** Checks that the shared PostgreSQL server flushes at every commit ({@code LocalPostgres.FLUSH_AT_COMMIT}). */
    private static void assertFlushesAtCommit(String anyDatabaseUrl) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(anyDatabaseUrl, "postgres", "");
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("select current_setting('fsync'),"
                        + " current_setting('synchronous_commit')")) {
            rows.next();
            assertThat(rows.getString(1) + "/" + rows.getString(2)).as("flushing at commit").isEqualTo("on/on");
        }
        System.out.println("bench: PostgreSQL flushes at every commit (fsync, synchronous_commit on)");
    }

    /** The demo directory, the demo policy with confluence on SCIM, and {@code people} fresh beneficiaries. */
    private static List<String> prepare(Suite suite, int people) throws java.io.IOException {
        assertThat(new RequestJourney(suite).importDirectory().status()).isEqualTo(200);
        publishDemoPolicyWithConfluenceOnScim(suite.url(POLICY));
        return seed(suite.url(REQUEST), people);
    }

    /** The watcher ({@link #watch}), once its positions are at the log end (before the first submit). */
    private Thread startWatcher(KraftBroker broker, AtomicBoolean running) throws InterruptedException {
        CountDownLatch positioned = new CountDownLatch(1);
        Thread watcher = new Thread(() -> watch(broker.bootstrapServers(), running, positioned), "bench-watcher");
        watcher.start();
        assertThat(positioned.await(60, TimeUnit.SECONDS)).as("the watcher reached the log end").isTrue();
        return watcher;
    }

    /** Publishes the demo policy with {@code confluence} on the SCIM test server ({@code saas-scim}). */
    static void publishDemoPolicyWithConfluenceOnScim(String policyUrl) throws java.io.IOException {
        String onScim = Files.readString(DEMO_POLICY).replace(
                "{id: confluence, name: Confluence wiki, target: okta-scim",
                "{id: confluence, name: Confluence wiki, target: saas-scim");
        assertThat(onScim).contains("target: saas-scim");
        assertThat(Api.put(policyUrl + "/api/v1/policy", RequestJourney.ADMIN, "application/yaml", onScim)
                .status()).isEqualTo(200);
    }

    /** An in-profile LOW request (confluence edit, 30 days) of the person whose token it is: auto-approved. */
    static Api.Response submitConfluenceEdit(String requestUrl, String token) {
        return Api.post(requestUrl + "/api/v1/access-requests", token, Map.of(
                "resourceId", "confluence", "accessLevel", "edit", "accessDuration", "P30D",
                "justification", "Writing the payments runbooks with the on-call team."),
                UUID.randomUUID().toString());
    }

    /** Imports {@code count} copies of the software engineer E1036 (in-profile for confluence edit); their ids. */
    static List<String> seed(String requestUrl, int count) {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < count; from += 50) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = from; i < Math.min(count, from + 50); i++) {
                ObjectNode person = RequestJourney.freshCopyOf("E1036");
                batch.add(person);
                ids.add(person.path("employeeId").asText());
            }
            assertThat(Api.post(requestUrl + "/api/v1/directory/import", RequestJourney.ADMIN,
                    batch.toString()).status()).isEqualTo(200);
        }
        String last = Api.token(ids.get(ids.size() - 1));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> Api.post(
                requestUrl + "/api/v1/access-requests/prefill", last, Map.of()).status() == 200);
        return ids;
    }

    /** What one phase measured: submit and provisioned times (epoch ms) of its accepted requests. */
    private static final class Phase {
        final long started;
        final int accepted;
        final int provisioned;
        final long lastProvisioned;
        final long[] latencies;
        final Map<String, Long> submitted;

        Phase(long started, Map<String, Long> submitted, Map<String, Long> provisionedAt) {
            this.started = started;
            this.submitted = submitted;
            this.accepted = submitted.size();
            List<Long> waits = new ArrayList<>();
            long last = started;
            for (Map.Entry<String, Long> request : submitted.entrySet()) {
                Long at = provisionedAt.get(Ids.grantFor(RequestId.of(request.getKey())).value());
                if (at != null) {
                    waits.add(at - request.getValue());
                    last = Math.max(last, at);
                }
            }
            this.provisioned = waits.size();
            this.lastProvisioned = last;
            this.latencies = waits.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        double elapsedSeconds() {
            return Math.max(1, lastProvisioned - started) / 1000.0;
        }

        /** Requests that reached PROVISIONED per second, from the first submit to the last one provisioned. */
        double provisionedPerSecond() {
            return provisioned / elapsedSeconds();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d accepted, %d provisioned in %.1f s (%.2f/s)", accepted, provisioned,
                    elapsedSeconds(), provisionedPerSecond());
        }
    }

    /**
     * For each event type seen on a phase's requests (by correlation id = request id, or key = request or grant id),
     * the median and p95 of its broker timestamp after the submit, ordered by median: where requests wait.
     */
    private String stages(String name, Phase phase) {
        Map<String, List<Long>> after = new java.util.TreeMap<>();
        for (Map.Entry<String, Long> request : phase.submitted.entrySet()) {
            Map<String, Long> seen = new java.util.HashMap<>();
            for (String id : List.of(request.getKey(), Ids.grantFor(RequestId.of(request.getKey())).value())) {
                stagesOf.getOrDefault(id, Map.of()).forEach((type, at) -> seen.merge(type, at, Math::min));
            }
            seen.forEach((type, at) -> after.computeIfAbsent(type, t -> new ArrayList<>()).add(at - request.getValue()));
        }
        StringBuilder table = new StringBuilder("| phase " + name + ": event | requests | p50 after submit"
                + " | p95 after submit |\n| --- | ---: | ---: | ---: |\n");
        after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().stream().mapToLong(Long::longValue)
                .sorted().toArray())).sorted(java.util.Comparator.comparingLong(e -> e.getValue()[
                        (e.getValue().length - 1) / 2]))
                .forEach(e -> table.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.2f s |%n",
                        e.getKey().replace("accessledger.", ""), e.getValue().length,
                        e.getValue()[(e.getValue().length - 1) / 2] / 1000.0,
                        e.getValue()[(int) Math.ceil(0.95 * e.getValue().length) - 1] / 1000.0)));
        return table.toString();
    }

    /**
     * Adds to {@link #stages} the hops inside provisioning-service, which publishes nothing between the approval it
     * consumes and the grant's {@code access-provisioned}: the first time its event store gave each event type of
     * each grant ({@code GrantOpened} and {@code AttemptScheduled}: the grant driver's handling of the approval;
     * {@code AccessProvisioned}: the connector call recorded), so the table shows how long an approval waited for the
     * grant driver, a due call for the connector worker and its call, and a provisioned grant for the outbox.
     */
    private void storedGrantEvents(String anyDatabaseUrl) throws java.sql.SQLException {
        String database;
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(anyDatabaseUrl, "postgres", "");
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("select datname from pg_database where datname"
                        + " like 'provisioning\\_%' order by datname desc limit 1")) {
            if (!rows.next()) {
                return;
            }
            database = rows.getString(1);
        }
        String url = anyDatabaseUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, "postgres", "");
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("select aggregateidentifier, payloadtype,"
                        + " min(timestamp) from domainevententry where aggregateidentifier like 'G%'"
                        + " group by aggregateidentifier, payloadtype")) {
            while (rows.next()) {
                String type = rows.getString(2);
                stagesOf.computeIfAbsent(rows.getString(1), k -> new ConcurrentHashMap<>()).merge(
                        "provisioning store: " + type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$'))
                                + 1), java.time.Instant.parse(rows.getString(3)).toEpochMilli(), Math::min);
            }
        }
    }

    private static double[] minus(double[] after, double[] before) {
        double[] difference = new double[after.length];
        for (int i = 0; i < after.length; i++) {
            difference[i] = after[i] - before[i];
        }
        return difference;
    }

    /** The CPU of a phase (first submit to its last request provisioned), per accepted request. */
    private static String cpu(String name, Phase phase, double[] used) {
        int requests = Math.max(1, phase.accepted);
        return String.format(Locale.ROOT, "CPU in phase %s (%.1f s): the JVM %.1f s and PostgreSQL %.1f s, **%.3f"
                + " core-seconds per request** (JVM %.3f, PostgreSQL %.3f); the whole machine busy %.1f of %.1f"
                + " core-seconds (%.0f %%), other processes %.1f s.", name, phase.elapsedSeconds(), used[0], used[1],
                (used[0] + used[1]) / requests, used[0] / requests, used[1] / requests, used[2], used[3],
                100 * used[2] / Math.max(0.01, used[3]), Math.max(0, used[2] - used[0] - used[1]));
    }

    private static String ms(Phase phase, int percentile) {
        if (phase.latencies.length == 0) {
            return "-";
        }
        int index = (int) Math.ceil(percentile / 100.0 * phase.latencies.length) - 1;
        return String.format(Locale.ROOT, "%.2f s", phase.latencies[Math.max(0, index)] / 1000.0);
    }

    /**
     * Offers {@code rate} requests/s (one per beneficiary, in order) from {@code clients} threads, then waits until
     * every accepted one reached PROVISIONED or {@code drainSeconds} passed.
     */
    private Phase run(Suite suite, List<String> beneficiaries, double rate, int seconds, int clients,
            int drainSeconds) throws InterruptedException {
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long started = System.currentTimeMillis();
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= beneficiaries.size()) {
                return;
            }
            String token = Api.token(beneficiaries.get(i));
            pool.execute(() -> {
                long at = System.currentTimeMillis();
                Api.Response response = submitConfluenceEdit(suite.url(REQUEST), token);
                if (response.status() == 202) {
                    submitted.put(response.body().path("requestId").asText(), at);
                } else {
                    refused.incrementAndGet();
                }
            });
        }, 0, Math.max(1, Math.round(1_000_000 / rate)), TimeUnit.MICROSECONDS);
        while (next.get() < beneficiaries.size()) {
            Thread.sleep(50);
        }
        ticker.shutdown();
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        if (refused.get() > 0) {
            System.out.printf(Locale.ROOT, "bench: %d submits refused%n", refused.get());
        }
        long deadline = System.currentTimeMillis() + drainSeconds * 1000L;
        while (System.currentTimeMillis() < deadline && new Phase(started, submitted, provisionedAt).provisioned
                < submitted.size()) {
            Thread.sleep(200);
        }
        return new Phase(started, submitted, provisionedAt);
    }

    /** Notes each AccessProvisioned (by grant id, broker timestamp) and the size of every event record. */
    private void watch(String bootstrap, AtomicBoolean running, CountDownLatch positioned) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    eventRecords.incrementAndGet();
                    eventBytes.addAndGet(record.value() == null ? 0 : record.value().length);
                    var type = record.headers().lastHeader("ce_type");
                    if (type == null) {
                        continue;
                    }
                    String ceType = new String(type.value(), StandardCharsets.UTF_8);
                    if (PROVISIONED_TYPE.equals(ceType)) {
                        provisionedAt.putIfAbsent(record.key(), record.timestamp());
                    }
                    var correlation = record.headers().lastHeader("ce_correlationid");
                    if (correlation != null) {
                        stagesOf.computeIfAbsent(new String(correlation.value(), StandardCharsets.UTF_8),
                                k -> new ConcurrentHashMap<>()).putIfAbsent(ceType, record.timestamp());
                    }
                    if (record.key() != null) {
                        stagesOf.computeIfAbsent(record.key(), k -> new ConcurrentHashMap<>())
                                .putIfAbsent(ceType, record.timestamp());
                    }
                }
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : Topic.eventTopics()) {
            consumer.partitionsFor(topic.topicName()).forEach(info ->
                    partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    /** The sum of the end offsets of every business topic's partitions: how many records the suite has written. */
    private static long endOffsets(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions(consumer).forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Collection<org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get().values();
            return ends.stream().mapToLong(info -> info.offset()).sum();
        }
    }

    /** Kafka's kafka-producer-perf-test: records/s with acks=all, as the outbox sends. */
    private static double producerPerformance(String bootstrap, long records, int size) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("bench-perf", 3, (short) 1))).all().get();
        }
        String out = captured(() -> ProducerPerformance.main(new String[] {"--topic", "bench-perf", "--num-records",
                Long.toString(records), "--record-size", Integer.toString(size), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all"}));
        Matcher last = null;
        for (Matcher m = PRODUCED.matcher(out); m.find(); ) {
            last = PRODUCED.matcher(m.group());
            last.find();
        }
        if (last == null) {
            throw new IllegalStateException("no rate from the producer performance tool: " + out);
        }
        return Double.parseDouble(last.group(2));
    }

    /** Kafka's kafka-consumer-perf-test: records/s fetched (fetch.nMsg.sec: without the group join). */
    private static double consumerPerformance(String bootstrap, long records) throws Exception {
        String out = captured(() -> ConsumerPerformance.main(new String[] {"--bootstrap-server", bootstrap,
                "--topic", "bench-perf", "--messages", Long.toString(records)}));
        String[] lines = out.strip().split("\n");
        String[] columns = lines[lines.length - 1].split(",\\s*");
        return Double.parseDouble(columns[columns.length - 1]);
    }

    private interface Tool {
        void run() throws Exception;
    }

    private static String captured(Tool tool) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            tool.run();
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
