package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.deploy.Suite.Service;
import io.accessledger.deploy.faults.InvariantChecker;
import io.accessledger.deploy.faults.InvariantChecker.ExpectedDeadLetter;
import io.accessledger.deploy.faults.InvariantChecker.Expectations;
import io.accessledger.deploy.faults.InvariantChecker.Report;
import io.accessledger.deploy.faults.InvariantChecker.Window;
import io.accessledger.deploy.faults.LoggedRecord;
import io.accessledger.deploy.faults.TokenOwners;
import io.accessledger.deploy.faults.WorkSplit;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.KraftCluster;
import io.accessledger.infra.Ports;
import io.accessledger.provisioning.connectors.scim.ScimPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A fault run (docs/RELIABILITY.md, "Fault runs under load"): the broker, PostgreSQL and the five services as
 * separate processes (their exec jars, as {@code deploy/run-local.sh} runs them, so {@code kill -9} is real), the SCIM
 * test server in this JVM, and a steady load of in-profile LOW requests (auto-approved, provisioned on SCIM), one per
 * freshly imported person. Each fault runs while the load goes on: a window before it, the fault, a window during
 * which it may still hurt, the wait until a request accepted after it has reached its end (how long it took is
 * reported), and a window after that; then the load pauses until every accepted request has settled, and {@link InvariantChecker} judges the whole log
 * read back from the topics (and each service's event store over JDBC). Everything listens on loopback only. No port
 * is picked before its process starts: the services bind port 0 and write the port they got to a file; the broker,
 * PostgreSQL and the SCIM target, which come back on their port after a fault, get one from {@link Ports}.
 *
 * <p>Faults: {@code poison} (a record that is not an event, a {@code RequestRevised} whose value is not one, and a
 * copy of an {@code AccessApproved} and of a {@code RequestSubmitted}, pushed into their topics), {@code kill:<service>} ({@code kill -9}, then started again),
 * {@code join:<service>} (a second instance of the service started on the same database and broker: the groups
 * rebalance, the second may claim no tracking-processor segment the first holds), {@code leave:<service>} (that second
 * instance stopped, SIGTERM), {@code kill-second:<service>} (that second instance killed, {@code kill -9}), {@code scim} (the SCIM target down for {@code scimDown}), {@code broker} (stopped, 30 s
 * down, started again on its data and ports), {@code kill:broker} (the same with {@code kill -9}), {@code postgres}
 * (stopped, 15 s down, started again), {@code kill:postgres} (its postmaster and backends killed, {@code kill -9}, 15 s
 * down, started again: crash recovery). With {@code Settings.brokers} 3 the broker is a {@link KraftCluster} of three
 * processes (topics replicated 3 times, 2 in sync) and a broker fault hits the node leading most partitions;
 * {@code kill:controller} kills the quorum's active controller instead (on one broker: as {@code kill:broker}),
 * {@code kill:brokers} two of the three at once.
 */
final class FaultRun implements AutoCloseable {
    private static final String VERSION_SUFFIX = "-0.1.0-SNAPSHOT-exec.jar";
    private static final String APPROVED = "accessledger.approval.access-approved.v1";
    private static final String SUBMITTED = "accessledger.request.submitted.v1";
    private static final String REVISED = "accessledger.request.revised.v1";
    private static final Duration BROKER_DOWN = Duration.ofSeconds(30);
    private static final Duration POSTGRES_DOWN = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * The services' JIT flags: {@code deploy/run-local.sh}'s ({@code -XX:TieredStopAtLevel=1}, C1 only) unless
     * {@code -Dfaults.serviceJvmFlags} names others (empty: the JVM's default tiered compilation, C1 then C2).
     */
    static final List<String> SERVICE_JVM_FLAGS = List.of(System.getProperty("faults.serviceJvmFlags",
            "-XX:TieredStopAtLevel=1").trim().split("\\s+")).stream().filter(flag -> !flag.isEmpty()).toList();

    /** How one run is shaped: offered requests/s, the window length, the share of the rate before to recover. */
    record Settings(Path dir, double rate, Duration window, Duration scimDown, double recoveredShare,
            Duration settle, int brokers) {
        /** On a single broker. */
        Settings(Path dir, double rate, Duration window, Duration scimDown, double recoveredShare, Duration settle) {
            this(dir, rate, window, scimDown, recoveredShare, settle, 1);
        }
    }

    /** What one fault did and what the checker found after it. */
    record Outcome(String fault, int accepted, int terminal, int refused, double before, double faultSeconds,
            double during, double longestPause, double recoverySeconds, boolean flowed, int unoffered, double after,
            Report report) {
    }

    private final Settings settings;
    private final String javaCommand = ProcessHandle.current().info().command().orElse("java");
    /**
     * The broker's, its controller's and PostgreSQL's ports: below the kernel's ephemeral range and locked for this run
     * ({@link Ports}), since they come back on the same port after a fault; taken again if the first start finds one
     * in use.
     */
    private int kafkaPort;
    private int controllerPort;
    private int postgresPort;
    /** With {@code brokers} > 1: a KRaft cluster of that many broker processes (else the single broker). */
    private final KraftCluster cluster;
    /** What the last broker fault hit (which node, how many partitions it led), for the outcome's name. */
    private String brokerHit = "";
    /** The topics' replication as the cluster reported it at the first broker fault (their factor, min.insync). */
    private String clusterShape = "";
    /** Each service's running instance; it binds port 0 and writes the port it got to its port file. */
    private final Map<Service, Instance> services = new EnumMap<>(Service.class);
    private final Map<Service, Duration> readyAfter = new EnumMap<>(Service.class);
    /** Second instances started by {@code join:<service>} (same database and broker, a port of their own). */
    private final Map<Service, Instance> seconds = new EnumMap<>(Service.class);
    /** The broker's and PostgreSQL's processes (started again on the same data and ports). */
    private final Map<String, Process> infrastructure = new java.util.LinkedHashMap<>();
    private final AtomicInteger launches = new AtomicInteger();
    private final ScimPeer scim = startScim();
    /** How each service start went: wall time to health UP, the CPU it used meanwhile, the load average. */
    private final List<String> starts = new CopyOnWriteArrayList<>();
    /** The tracking tokens' owners seen during each join/leave phase ({@link TokenOwners}). */
    private final Map<String, TokenOwners> owners = new ConcurrentHashMap<>();
    /** Each instance's share of the service's work in those phases, from the fault's end to the phase's end. */
    private final Map<String, WorkSplit> splits = new ConcurrentHashMap<>();
    /**
     * Which instance each service process was, by pid: "1" (the first, or it started again) or "2" (a second one);
     * kept after it stopped, since its claims may outlive it.
     */
    private final Map<Long, String> instances = new ConcurrentHashMap<>();
    private final List<LoggedRecord> log = new CopyOnWriteArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean loading = new AtomicBoolean(false);
    private final List<ExpectedDeadLetter> expectedDeadLetters = new CopyOnWriteArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private ScheduledExecutorService ticker;
    private ExecutorService clients;
    private Thread watcher;
    /** One fresh person per request; topped up in the background before they run out ({@link #topUp}). */
    private final List<String> beneficiaries = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextBeneficiary = new AtomicInteger();
    /** Ticks at which no person was left to make a request: the load stopped, whatever the services did. */
    private final AtomicInteger unoffered = new AtomicInteger();
    private final AtomicBoolean toppingUp = new AtomicBoolean();
    private final ExecutorService seeder = Executors.newSingleThreadExecutor();

    FaultRun(Settings settings) {
        this.settings = settings;
        this.cluster = settings.brokers() > 1
                ? KraftCluster.onPorts(settings.dir().resolve("kafka"), settings.brokers(), Ports::stable) : null;
    }

    String bootstrap() {
        return cluster != null ? cluster.bootstrapServers() : "127.0.0.1:" + kafkaPort;
    }

    /** The service's address (port 0, refused at once, while a restarted instance has not told its port yet). */
    String url(Service service) {
        return services.get(service).url();
    }

    /**
     * A service process started on port 0: the port it bound is read from its port file
     * ({@code accessledger.server.port-file}) once it has written it.
     */
    private final class Instance {
        final String name;
        final Process process;
        final Path portFile;
        private volatile int port;

        Instance(String name, Process process, Path portFile) {
            this.name = name;
            this.process = process;
            this.portFile = portFile;
        }

        /** The bound port, or 0 while the service has not written it. */
        int port() {
            if (port == 0) {
                port = PortFiles.read(portFile);
            }
            return port;
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }
    }

    /** Starts broker, PostgreSQL, the services; seeds {@code people} people and the policy; starts the watcher. */
    FaultRun start(int people) throws Exception {
        Files.createDirectories(settings.dir().resolve("logs"));
        Suite.SCIM_GROUPS.values().forEach(scim::createGroup);
        if (cluster == null) {
            startInfrastructure("kafka", true);
        } else {
            // Their ports are locked ones below the ephemeral range (Ports), as the single broker's, but not retried.
            startNodes(cluster.nodes().stream().map(node -> "kafka-" + node.id()).toList());
        }
        startInfrastructure("postgres", true);
        for (Service service : Service.values()) {
            services.put(service, launchService(service, service.applicationName));
        }
        awaitAllHealthy(Duration.ofMinutes(10));
        watcher = new Thread(this::watch, "fault-run-watcher");
        watcher.start();
        assertThat(Api.post(url(Service.REQUEST) + "/api/v1/directory/import", RequestJourney.ADMIN,
                RequestJourney.demoDirectory()).status()).isEqualTo(200);
        EndToEndBenchmark.publishDemoPolicyWithConfluenceOnScim(url(Service.POLICY));
        beneficiaries.addAll(EndToEndBenchmark.seed(url(Service.REQUEST), people));
        clients = Executors.newFixedThreadPool(4);
        ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(this::offerOne, 0, Math.max(1, Math.round(1_000_000 / settings.rate())),
                TimeUnit.MICROSECONDS);
        return this;
    }

    /** Runs one fault under load and checks the log; the outcome is kept for {@link #table()}. */
    Outcome fault(String fault) throws Exception {
        long window = settings.window().toMillis();
        int acceptedBefore = accepted.size();
        int refusedBefore = refused.get();
        int unofferedBefore = unoffered.get();
        long phaseStarted = System.currentTimeMillis();
        TokenOwners watched = null;
        ScheduledExecutorService reader = null;
        Service shared = null;
        if (fault.startsWith("join:") || fault.startsWith("leave:") || fault.startsWith("leave-first:")
                || fault.startsWith("kill-second:") || killOfAServiceWithASecond(fault)) {
            // Who holds each tracking-processor segment, read every second through the phase.
            Service service = byName(fault.substring(fault.indexOf(':') + 1));
            shared = service;
            TokenOwners phaseOwners = new TokenOwners(service.applicationName, phaseStarted, instances::get);
            watched = phaseOwners;
            owners.put(fault, phaseOwners);
            reader = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "fault-run-token-owners");
                thread.setDaemon(true);
                return thread;
            });
            reader.scheduleWithFixedDelay(() -> readOwners(service, phaseOwners), 0, 1, TimeUnit.SECONDS);
        }
        loading.set(true);
        awaitFlowing(phaseStarted, settings.settle());
        Thread.sleep(window / 2); // the first requests' latency: not yet the steady rate
        long beforeStarted = System.currentTimeMillis();
        Thread.sleep(window);
        long faultStarted = System.currentTimeMillis();
        brokerHit = "";
        inject(fault);
        long faultEnded = System.currentTimeMillis();
        WorkSplit split = shared == null ? null : new WorkSplit(shared.applicationName);
        if (split != null) {
            splits.put(fault, split);
            readWork(shared, split::start);
        }
        Thread.sleep(window);
        // Recovered: a request accepted after the fault reached its end (a killed consumer's partitions wait for its
        // session to time out before the group hands them on); then the rate is measured over the window after that.
        boolean flowed = awaitFlowing(faultEnded, settings.settle());
        // Flowing again: the broker time at which the first request accepted after the fault reached its end.
        Map<String, Long> ended = InvariantChecker.terminalAt(List.copyOf(log));
        long flowing = accepted.entrySet().stream().filter(e -> e.getValue() >= faultEnded)
                .map(e -> ended.get(e.getKey())).filter(java.util.Objects::nonNull).min(Long::compare)
                .orElse(System.currentTimeMillis());
        Thread.sleep(window / 2 + window);
        long end = System.currentTimeMillis();
        if (reader != null) {
            reader.shutdown();
            reader.awaitTermination(30, TimeUnit.SECONDS);
            System.out.println("fault-run: " + watched.markdown());
        }
        if (split != null) {
            readWork(shared, split::end);
            System.out.println("fault-run: " + split.markdown());
        }
        loading.set(false);
        clientsIdle();
        awaitSettled(settings.settle());
        Window before = new Window(beforeStarted, faultStarted);
        Window after = new Window(end - window, end);
        List<LoggedRecord> snapshot = List.copyOf(log);
        Report report = InvariantChecker.check(snapshot, storedSequences(),
                new Expectations(accepted.keySet(), expectedDeadLetters, before, after, settings.recoveredShare()));
        Map<String, List<String>> terminals = InvariantChecker.terminalStates(snapshot);
        int phaseAccepted = accepted.size() - acceptedBefore;
        int terminal = (int) accepted.entrySet().stream().filter(e -> e.getValue() >= phaseStarted
                && terminals.containsKey(e.getKey())).count();
        Outcome outcome = new Outcome(fault + brokerHit, phaseAccepted, terminal, refused.get() - refusedBefore,
                rate(snapshot, before), (faultEnded - faultStarted) / 1000.0, faultEnded - faultStarted < 1000 ? Double.NaN
                        : rate(snapshot, new Window(faultStarted, faultEnded)),
                InvariantChecker.longestProvisionedGap(snapshot, new Window(faultStarted, faultEnded + window)),
                (flowing - faultEnded) / 1000.0,
                flowed, unoffered.get() - unofferedBefore, rate(snapshot, after), report);
        outcomes.add(outcome);
        System.out.println("fault-run: " + fault + "\n" + section(outcome));
        return outcome;
    }

    /** {@code kill:<service>} while a second instance of it runs: who takes the first's claims is worth watching. */
    private boolean killOfAServiceWithASecond(String fault) {
        return fault.startsWith("kill:") && seconds.keySet().stream()
                .anyMatch(service -> fault.equals("kill:" + service.applicationName));
    }

    /** Each running instance's Prometheus text, given with its name ("1", "2"); one not answering is left out. */
    private void readWork(Service service, java.util.function.BiConsumer<String, String> into) {
        for (Instance instance : java.util.stream.Stream.of(services.get(service), seconds.get(service))
                .filter(java.util.Objects::nonNull).toList()) {
            try {
                into.accept(instances.getOrDefault(instance.process.pid(), "?"),
                        Api.text(instance.url() + "/actuator/prometheus"));
            } catch (RuntimeException unreachable) {
                System.out.println("fault-run: " + instance.name + "'s counters not read now: "
                        + unreachable.getMessage());
            }
        }
    }

    private void readOwners(Service service, TokenOwners into) {
        List<TokenOwners.Row> rows = new ArrayList<>();
        long at = System.currentTimeMillis();
        try (Connection db = DriverManager.getConnection(jdbcUrl(service), "postgres", "");
                Statement query = db.createStatement();
                ResultSet read = query.executeQuery("select processorname, segment, owner from tokenentry"
                        + " order by processorname, segment")) {
            while (read.next()) {
                rows.add(new TokenOwners.Row(read.getString(1), read.getInt(2), read.getString(3)));
            }
            into.sample(at, rows);
        } catch (SQLException | RuntimeException unreadable) {
            System.out.println("fault-run: tokenentry not read now: " + unreadable.getMessage());
        }
    }

    private static double rate(List<LoggedRecord> log, Window window) {
        return InvariantChecker.provisionedPerSecond(log, window);
    }

    private void inject(String fault) throws Exception {
        if (fault.equals("poison")) {
            pushPoisonAndDuplicates();
        } else if (fault.equals("broker") || fault.equals("kill:broker") || fault.equals("kill:controller")) {
            String name = brokerToHit(fault.equals("kill:controller"));
            Process process = infrastructure.get(name);
            if (fault.equals("broker")) {
                process.destroy(); // SIGTERM: a clean stop, as an operator's restart
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } else {
                process.destroyForcibly(); // SIGKILL: no controlled shutdown, its leaderships are lost, not moved
                process.waitFor(30, TimeUnit.SECONDS);
            }
            Thread.sleep(BROKER_DOWN.toMillis());
            startInfrastructure(name, false);
        } else if (fault.equals("kill:brokers")) {
            // Two of three: the quorum (two voters of three) and every partition's min.insync (2) are lost together.
            List<String> names = brokersToHit();
            for (String name : names) {
                Process process = infrastructure.get(name);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            Thread.sleep(BROKER_DOWN.toMillis());
            startNodes(names);
        } else if (fault.equals("kill:postgres")) {
            killPostgres();
            Thread.sleep(POSTGRES_DOWN.toMillis());
            startInfrastructure("postgres", false);
        } else if (fault.startsWith("kill-second:")) {
            Service service = byName(fault.substring("kill-second:".length()));
            Instance second = seconds.remove(service);
            if (second == null) {
                throw new IllegalStateException("no second " + service.applicationName + " to kill (join: first)");
            }
            second.process.destroyForcibly(); // SIGKILL: it leaves no group and releases no claim
            second.process.waitFor(30, TimeUnit.SECONDS);
        } else if (fault.startsWith("kill:")) {
            Service service = byName(fault.substring("kill:".length()));
            Process process = services.get(service).process;
            process.destroyForcibly(); // SIGKILL
            process.waitFor(30, TimeUnit.SECONDS);
            services.put(service, launchService(service, service.applicationName));
            awaitHealthy(services.get(service), startPatience());
        } else if (fault.startsWith("join:")) {
            Service service = byName(fault.substring("join:".length()));
            if (seconds.containsKey(service)) {
                throw new IllegalStateException("a second " + service.applicationName + " is running already");
            }
            Instance second = launchService(service, service.applicationName + "-2");
            seconds.put(service, second);
            awaitHealthy(second, startPatience());
        } else if (fault.startsWith("leave:")) {
            Service service = byName(fault.substring("leave:".length()));
            Instance leaving = seconds.remove(service);
            if (leaving == null) {
                throw new IllegalStateException("no second " + service.applicationName + " to leave (join: first)");
            }
            Process second = leaving.process;
            second.destroy(); // SIGTERM: a clean stop, as a scale-in; it leaves its groups and releases its claims
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        } else if (fault.startsWith("leave-first:")) {
            // The first instance goes while the second runs (SIGTERM): its claims are released and the second, from
            // now on the service's only instance, takes them over.
            Service service = byName(fault.substring("leave-first:".length()));
            Instance second = seconds.remove(service);
            if (second == null) {
                throw new IllegalStateException("no second " + service.applicationName + " to stay (join: first)");
            }
            Process first = services.get(service).process;
            first.destroy();
            if (!first.waitFor(60, TimeUnit.SECONDS)) {
                first.destroyForcibly();
            }
            services.put(service, second);
        } else if (fault.equals("postgres")) {
            Process process = infrastructure.get("postgres");
            process.destroy(); // SIGTERM: a clean stop, as an operator's restart
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Thread.sleep(POSTGRES_DOWN.toMillis());
            startInfrastructure("postgres", false);
        } else if (fault.equals("scim")) {
            scim.stop();
            Thread.sleep(settings.scimDown().toMillis());
            scim.restart();
        } else {
            throw new IllegalArgumentException("no fault named " + fault
                    + " (poison, kill:<service>, join:<service>, leave:<service>, leave-first:<service>, scim, broker,"
                    + " kill:broker, kill:controller, kill:brokers, postgres, kill:postgres, kill-second:<service>)");
        }
    }

    /**
     * Starts (or starts again) these nodes of the cluster at once, then waits for each: at the first start a node is
     * ready only once a quorum of voters is up, and after {@code kill:brokers} the two nodes come back together rather
     * than one after the other (about 100 s each at load 45 in the first run).
     */
    private void startNodes(List<String> names) throws Exception {
        Map<String, Integer> logged = new HashMap<>();
        for (String name : names) {
            logged.put(name, Files.exists(logFile(name)) ? Files.readString(logFile(name)).length() : 0);
            infrastructure.put(name, launch(name, infrastructureCommand(name)));
        }
        for (Map.Entry<String, Integer> node : logged.entrySet()) {
            String failed = awaitReady(node.getKey(), infrastructure.get(node.getKey()), node.getValue(),
                    "Kafka (KRaft) ready", Duration.ofSeconds(120));
            if (failed != null) {
                throw new IllegalStateException(node.getKey() + " did not start (" + failed + "); see "
                        + logFile(node.getKey()));
            }
        }
    }

    /**
     * {@code kill:brokers}: on a cluster of three, the node leading most partitions and the active controller, or,
     * when they are one node, it and the next; brokerHit names them.
     */
    private List<String> brokersToHit() throws Exception {
        if (cluster == null || cluster.nodes().size() < 3) {
            throw new IllegalArgumentException("kill:brokers needs a cluster of three brokers (FAULT_RUN_BROKERS=3)");
        }
        String leader = brokerToHit(false);
        String hitLeader = brokerHit;
        String controller = brokerToHit(true);
        if (controller.equals(leader)) {
            int node = Integer.parseInt(leader.substring("kafka-".length()));
            controller = "kafka-" + (node % cluster.nodes().size() + 1);
        }
        brokerHit = hitLeader + " and " + controller;
        return List.of(leader, controller);
    }

    /**
     * {@code kill:postgres}: PostgreSQL dies as in a power cut ({@link #killPostmaster}), then the process that
     * started it is killed too; the next start recovers from the write-ahead log.
     */
    private void killPostgres() throws Exception {
        int killed = killPostmaster(settings.dir().resolve("postgres"));
        Process starter = infrastructure.get("postgres");
        starter.destroyForcibly();
        starter.waitFor(30, TimeUnit.SECONDS);
        System.out.println("fault-run: killed PostgreSQL's postmaster and the " + (killed - 1) + " processes under it");
    }

    /**
     * {@code kill -9} of the PostgreSQL whose data is in {@code dataDir}: its postmaster (the first line of
     * {@code postmaster.pid}) and every backend under it, awaited; returns how many processes that was.
     */
    static int killPostmaster(Path dataDir) throws Exception {
        Path pidFile = dataDir.resolve("postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no postmaster " + pid + " (" + pidFile + ")"));
        List<ProcessHandle> doomed = new ArrayList<>(postmaster.descendants().toList());
        doomed.add(0, postmaster);
        doomed.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : doomed) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
        return doomed.size();
    }

    /**
     * The broker process to hit: on a cluster, the node that leads most partitions of all topics (internal ones
     * included: the group coordinators' offsets), so the fault moves as much leadership as one node can, or with
     * {@code controller} the active controller of the quorum; which node, how many partitions it led and whether it
     * was the active controller goes into {@link #brokerHit}.
     */
    private String brokerToHit(boolean controller) throws Exception {
        if (cluster == null) {
            brokerHit = "";
            return "kafka";
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(30, TimeUnit.SECONDS);
            Map<Integer, Integer> led = new HashMap<>();
            int partitions = 0;
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                    .values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    partitions++;
                    if (partition.leader() != null) {
                        led.merge(partition.leader().id(), 1, Integer::sum);
                    }
                }
            }
            if (clusterShape.isEmpty()) {
                clusterShape = shape(admin, topics);
            }
            int active = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
            int node = controller ? active
                    : led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            brokerHit = String.format(Locale.ROOT, " (node %d of %d: leader of %d of %d partitions%s)", node,
                    cluster.nodes().size(), led.getOrDefault(node, 0), partitions,
                    node == active ? ", the active controller" : ", the active controller was node " + active);
            System.out.println("fault-run: broker fault on" + brokerHit);
            return "kafka-" + node;
        }
    }

    /** Per topic (AccessLedger's, offsets, transactions), replicas and {@code min.insync.replicas}, counted. */
    private static String shape(Admin admin, Set<String> topics) throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        Map<String, Long> counted = new java.util.TreeMap<>();
        for (ConfigResource resource : resources) {
            String topic = resource.name();
            String kind = topic.startsWith("accessledger.") ? "accessledger.*" : topic;
            int replicas = described.get(topic).partitions().get(0).replicas().size();
            counted.merge(String.format(Locale.ROOT, "%s: replication %d, min.insync.replicas %s", kind, replicas,
                    configs.get(resource).get("min.insync.replicas").value()), 1L, Long::sum);
        }
        return counted.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " topics)")
                .collect(java.util.stream.Collectors.joining("; ", " (", ")"));
    }

    /**
     * A record that is not an event and one of a known type whose value is not that event (both expected in the
     * dead-letter topic, also from the consumers that pass its type over), and an AccessApproved and a submit again.
     */
    private void pushPoisonAndDuplicates() throws Exception {
        String poisonKey = "fault-poison-" + UUID.randomUUID();
        String brokenKey = "fault-broken-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            expectedDeadLetters.add(new ExpectedDeadLetter(Topic.REQUEST.topicName(), poisonKey,
                    "the poison record pushed by the fault run"));
            producer.send(new ProducerRecord<>(Topic.REQUEST.topicName(), poisonKey,
                    "{not an event".getBytes(StandardCharsets.UTF_8))).get();
            expectedDeadLetters.add(new ExpectedDeadLetter(Topic.REQUEST.topicName(), brokenKey,
                    "the broken RequestRevised pushed by the fault run"));
            ProducerRecord<String, byte[]> broken = new ProducerRecord<>(Topic.REQUEST.topicName(), brokenKey,
                    "{\"eventId\": [\"not an event\"]}".getBytes(StandardCharsets.UTF_8));
            Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, brokenKey,
                    CloudEventHeaders.SOURCE, "/accessledger/fault-run", CloudEventHeaders.TYPE, REVISED,
                    CloudEventHeaders.TIME, "2026-12-06T12:00:00Z").forEach((name, value) -> broken.headers().add(name,
                            value.getBytes(StandardCharsets.UTF_8)));
            producer.send(broken).get();
            for (String type : List.of(APPROVED, SUBMITTED)) {
                LoggedRecord original = log.stream().filter(r -> type.equals(r.type())).reduce((a, b) -> b)
                        .orElseThrow(() -> new IllegalStateException("no " + type + " on the log to duplicate"));
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(original.topic(), original.key(),
                        original.value());
                original.headers().forEach((name, value) -> copy.headers().add(name,
                        value.getBytes(StandardCharsets.UTF_8)));
                producer.send(copy).get();
            }
        }
    }

    /** Offers the next person's request while the load runs; a refusal or a refused connection is counted. */
    private void offerOne() {
        if (!loading.get()) {
            return;
        }
        int i = nextBeneficiary.get();
        if (beneficiaries.size() - i < Math.max(20, settings.rate() * 60)) {
            topUp();
        }
        if (i >= beneficiaries.size()) {
            unoffered.incrementAndGet(); // nobody left to ask: the load stalls, not the services
            return;
        }
        nextBeneficiary.incrementAndGet();
        String token = Api.token(beneficiaries.get(i));
        clients.execute(() -> {
            long at = System.currentTimeMillis();
            try {
                Api.Response response = EndToEndBenchmark.submitConfluenceEdit(url(Service.REQUEST), token);
                if (response.status() == 202) {
                    accepted.put(response.body().path("requestId").asText(), at);
                    return;
                }
            } catch (IllegalStateException unreachable) {
                // request-service is down: not accepted
            }
            refused.incrementAndGet();
        });
    }

    /**
     * Imports another minute of people in the background (one import, then the wait until request-service knows the
     * last of them). Before this, the short run (80 people) ran out of people during its second fault: no request was
     * made after the {@code kill -9}, and the harness reported a flow that did not resume within its 120 s.
     */
    private void topUp() {
        if (!toppingUp.compareAndSet(false, true)) {
            return;
        }
        System.out.printf(Locale.ROOT, "fault-run: %d of %d people asked; importing more%n", nextBeneficiary.get(),
                beneficiaries.size());
        seeder.execute(() -> {
            try {
                beneficiaries.addAll(EndToEndBenchmark.seed(url(Service.REQUEST),
                        (int) Math.max(50, Math.ceil(settings.rate() * 60))));
            } catch (RuntimeException | AssertionError notNow) {
                // request-service down or slow (a fault): the next tick tries again
                System.out.println("fault-run: could not import more people yet: " + notNow.getMessage());
            } finally {
                toppingUp.set(false);
            }
        });
    }

    private void clientsIdle() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (((java.util.concurrent.ThreadPoolExecutor) clients).getActiveCount() > 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    /**
     * Waits until a request accepted since {@code since} has reached a terminal state (the load flows end to end);
     * false if none did within {@code patience}.
     */
    private boolean awaitFlowing(long since, Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (System.currentTimeMillis() < deadline) {
            Set<String> settled = InvariantChecker.terminalStates(List.copyOf(log)).keySet();
            if (accepted.entrySet().stream().anyMatch(e -> e.getValue() >= since && settled.contains(e.getKey()))) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Waits until every accepted request has a terminal state on the log, or {@code patience} passed. */
    private void awaitSettled(Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (System.currentTimeMillis() < deadline) {
            Map<String, List<String>> terminals = InvariantChecker.terminalStates(List.copyOf(log));
            if (terminals.keySet().containsAll(accepted.keySet())) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    /** Every record of every AccessLedger topic (dead-letter topics included, as they appear), from the start. */
    private void watch() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "fault-run-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(Pattern.compile("accessledger\\..*"));
            while (watching.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    log.add(LoggedRecord.of(record));
                }
            }
        }
    }

    /** Each service's Axon event store: aggregate id → its events' sequence numbers. */
    private Map<String, List<Long>> storedSequences() {
        Map<String, List<Long>> sequences = new HashMap<>();
        for (Service service : Service.values()) {
            try (Connection db = DriverManager.getConnection(jdbcUrl(service), "postgres", "");
                    Statement query = db.createStatement();
                    ResultSet rows = query.executeQuery(
                            "select aggregateidentifier, sequencenumber from domainevententry")) {
                while (rows.next()) {
                    sequences.computeIfAbsent(service.applicationName + " " + rows.getString(1),
                            id -> new ArrayList<>()).add(rows.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read " + service.applicationName + "'s event store", e);
            }
        }
        return sequences;
    }

    /**
     * Starts the service's exec jar on port 0 ({@code server.port=0}): the port it binds is its own from the start, and
     * it writes it to a port file of this launch ({@code accessledger.server.port-file}), where {@link Instance} reads
     * it. (Before, the harness picked a free port and handed it over; another program could take it in between.)
     */
    private Instance launchService(Service service, String name) throws IOException {
        String application = service.applicationName;
        Path jar = Path.of("..", application, "target", application + VERSION_SUFFIX).toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the exec jars first (./mvnw -DskipTests "
                    + "package, or run this from a reactor that packages the services, -pl deploy -am verify)");
        }
        Path portFile = settings.dir().resolve("ports").resolve(name + "-" + launches.incrementAndGet() + ".port");
        List<String> command = new ArrayList<>(List.of(javaCommand, "-Xmx384m"));
        command.addAll(SERVICE_JVM_FLAGS);
        command.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-Ddisable-axoniq-console-message=true", "-jar",
                jar.toString(),
                "--spring.profiles.active=local",
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--accessledger.server.port-file=" + portFile,
                "--spring.datasource.url=" + jdbcUrl(service),
                "--spring.datasource.username=postgres",
                "--spring.kafka.bootstrap-servers=" + bootstrap(),
                "--spring.kafka.admin.operation-timeout=5s",
                "--accessledger.spine.retry-backoff=200ms",
                "--logging.level.org.apache.kafka=ERROR",
                "--logging.level.org.axonframework=WARN"));
        command.addAll(Suite.scimTargetArgs(scim.baseUrl()));
        // Extra settings for every service, to compare one with another (fault-run.sh's FAULT_RUN_SERVICE_ARGS).
        String extra = System.getProperty("faults.serviceArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        Process process = launch(name, command);
        instances.put(process.pid(), name.endsWith("-2") ? "2" : "1");
        return new Instance(name, process, portFile);
    }

    private String jdbcUrl(Service service) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database(service);
    }

    private static String database(Service service) {
        return service.applicationName.replace('-', '_');
    }

    private Process launch(String name, List<String> command) throws IOException {
        Files.createDirectories(settings.dir().resolve("ports"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(name).toFile()));
        builder.environment().put("ACCESSLEDGER_NOTIFICATIONS", "false");
        return builder.start();
    }

    private Path logFile(String name) {
        return settings.dir().resolve("logs").resolve(name + ".log");
    }

    /** The SCIM target on a port it keeps while it is down for the {@code scim} fault ({@link Ports}). */
    private static ScimPeer startScim() {
        for (int attempt = 1; ; attempt++) {
            int port = Ports.stable();
            try {
                return ScimPeer.start(port, Suite.SCIM_TOKEN);
            } catch (UncheckedIOException taken) {
                Ports.release(port);
                if (attempt == 3) {
                    throw taken;
                }
            }
        }
    }

    private List<String> infrastructureCommand(String name) {
        String classpath = System.getProperty("java.class.path");
        if (name.startsWith("kafka-")) { // a node of the cluster
            KraftCluster.Node node = cluster.nodes().stream()
                    .filter(candidate -> name.equals("kafka-" + candidate.id())).findFirst().orElseThrow();
            List<String> command = new ArrayList<>(List.of(javaCommand, "-Xmx384m", "-cp", classpath));
            if (Integer.getInteger("faults.brokerSessionMs", 0) > 0) {
                command.add("-D" + KraftBroker.SESSION_PROPERTY + "=" + Integer.getInteger("faults.brokerSessionMs"));
            }
            command.add("io.accessledger.infra.KraftBroker");
            command.addAll(cluster.arguments(node));
            return command;
        }
        if (name.equals("kafka")) {
            return List.of(javaCommand, "-Xmx512m", "-cp", classpath, "io.accessledger.infra.KraftBroker",
                    settings.dir().resolve("kafka").toString(), Integer.toString(kafkaPort),
                    Integer.toString(controllerPort));
        }
        List<String> postgres = new ArrayList<>(List.of(javaCommand, "-Xmx128m", "-cp", classpath,
                "io.accessledger.infra.LocalPostgres", settings.dir().resolve("postgres").toString(),
                Integer.toString(postgresPort)));
        for (Service service : Service.values()) {
            postgres.add(database(service));
        }
        return postgres;
    }

    /**
     * Starts (or starts again) the broker or PostgreSQL and waits for its ready line in its (appended) log. A first
     * start that finds a port taken ("Address already in use") is made again on fresh ports with fresh data, up to
     * three times; a restart must keep its ports (the services know them), so it tries the same ones again.
     */
    private void startInfrastructure(String name, boolean first) throws Exception {
        for (int attempt = 1; ; attempt++) {
            if (first) {
                choosePorts(name);
            }
            int logged = Files.exists(logFile(name)) ? Files.readString(logFile(name)).length() : 0;
            Process process = launch(name, infrastructureCommand(name));
            infrastructure.put(name, process);
            String failed = awaitReady(name, process, logged, name.startsWith("kafka") ? "Kafka (KRaft) ready"
                    : "PostgreSQL ready", Duration.ofSeconds(120));
            if (failed == null) {
                return;
            }
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            if (!failed.equals(PORT_TAKEN) || attempt == 3) {
                throw new IllegalStateException(name + " did not start (" + failed + "); see " + logFile(name));
            }
            System.out.println("fault-run: " + name + "'s port was taken; starting it again " + (first
                    ? "on other ports" : "on the same ports in 5 s"));
            if (first) {
                deleteTree(settings.dir().resolve(name));
            } else {
                Thread.sleep(5_000);
            }
        }
    }

    private static final String PORT_TAKEN = "a port was taken: Address already in use";

    private void choosePorts(String name) {
        if (name.equals("kafka")) {
            Ports.release(kafkaPort);
            Ports.release(controllerPort);
            kafkaPort = Ports.stable();
            controllerPort = Ports.stable();
        } else {
            Ports.release(postgresPort);
            postgresPort = Ports.stable();
        }
    }

    /** Deletes a directory and everything in it, if it is there. */
    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@code null} once {@code line} is in the log after {@code from}; else what went wrong. */
    private String awaitReady(String name, Process process, int from, String line, Duration patience)
            throws Exception {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (System.currentTimeMillis() < deadline) {
            String logged = Files.exists(logFile(name)) ? Files.readString(logFile(name)).substring(from) : "";
            if (logged.contains(line)) {
                return null;
            }
            if (logged.contains("Address already in use")) {
                return PORT_TAKEN;
            }
            if (!process.isAlive()) {
                return "exited with status " + process.exitValue();
            }
            Thread.sleep(500);
        }
        return "no \"" + line + "\" within " + patience;
    }

    /**
     * Waits until every service answers UP, polling them all each second, and keeps each one's time to ready: from its
     * process's start to the first UP answer (within the second's poll).
     */
    private void awaitAllHealthy(Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (readyAfter.size() < services.size()) {
            for (Service service : Service.values()) {
                if (!readyAfter.containsKey(service) && healthy(services.get(service))) {
                    readyAfter.put(service, started(services.get(service)));
                }
            }
            if (System.currentTimeMillis() > deadline) {
                List<Service> late = Arrays.stream(Service.values()).filter(s -> !readyAfter.containsKey(s)).toList();
                late.forEach(service -> threadDump(services.get(service)));
                throw new IllegalStateException("not healthy after " + patience + ": " + late
                        + " (a thread dump of each is at the end of its log)");
            }
            Thread.sleep(1000);
        }
    }

    private boolean healthy(Instance instance) {
        if (!instance.process.isAlive()) {
            throw new IllegalStateException(instance.name + " exited; see " + logFile(instance.name));
        }
        if (instance.port() == 0) {
            return false; // its web server is not up yet
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(instance.url() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("\"UP\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Notes a start that reached health UP: the wall time since the process started, the CPU time it used meanwhile
     * and the load average. A start that used about the CPU a start needs on a quiet machine but took far longer
     * waited for CPU; one that used little CPU waited for something else (a lock, a claim, a rebalance).
     */
    private Duration started(Instance instance) {
        Duration wall = Duration.between(instance.process.info().startInstant().orElseThrow(),
                java.time.Instant.now());
        String line = String.format(Locale.ROOT, "%s (pid %d) health UP %.1f s after its start, %.1f s of CPU used"
                + " meanwhile, load average %s", instance.name, instance.process.pid(), wall.toMillis() / 1000.0,
                cpuSeconds(instance.process.pid()), loadAverage());
        starts.add(line);
        System.out.println("fault-run: " + line);
        return wall;
    }

    /** User + system CPU time of a process so far ({@code /proc/<pid>/stat}, at 100 clock ticks a second). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException gone) {
            return Double.NaN;
        }
    }

    /** SIGQUIT: the JVM prints every thread's stack to its output (its log) and goes on. */
    private void threadDump(Instance instance) {
        try {
            new ProcessBuilder("kill", "-3", Long.toString(instance.process.pid())).start().waitFor(10,
                    TimeUnit.SECONDS);
            Thread.sleep(2_000);
        } catch (IOException | InterruptedException e) {
            System.out.println("fault-run: no thread dump of " + instance.name + ": " + e);
        }
    }

    /** How long a (re)started service may take to answer UP: {@code -Dfaults.startPatience} seconds, 240 by default. */
    private static Duration startPatience() {
        return Duration.ofSeconds(Integer.getInteger("faults.startPatience", 240));
    }

    /** Each service's time from its process's start to its first {@code /actuator/health} UP. */
    Map<Service, Duration> readyAfter() {
        return Map.copyOf(readyAfter);
    }

    /** The service process's resident set size now ({@code VmRSS} of {@code /proc/<pid>/status}), in KiB. */
    long residentKib(Service service) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(services.get(service).process.pid()),
                "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + service.applicationName);
    }

    /** Turns the steady load of requests (at the settings' rate) on or off. */
    void load(boolean on) {
        loading.set(on);
    }

    /** Requests accepted so far. */
    int acceptedCount() {
        return accepted.size();
    }

    /** Each accepted request's id and when its submit was sent (epoch milliseconds). */
    Map<String, Long> acceptedAt() {
        return Map.copyOf(accepted);
    }

    /** Every record read from the topics so far. */
    List<LoggedRecord> logged() {
        return List.copyOf(log);
    }

    /**
     * The pid of each process the run started and still runs: the services by name, {@code kafka}, the PostgreSQL
     * server's postmaster as {@code postgres} (from its {@code postmaster.pid}: {@code pg_ctl} starts it apart from
     * the JVM that launched it, which is {@code postgres-launcher}).
     */
    Map<String, Long> processIds() throws IOException {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        services.forEach((service, instance) -> pids.put(service.applicationName, instance.process.pid()));
        infrastructure.forEach((name, process) -> pids.put(name.equals("postgres") ? "postgres-launcher" : name,
                process.pid()));
        pids.put("postgres", Long.parseLong(Files.readAllLines(settings.dir().resolve("postgres")
                .resolve("postmaster.pid")).get(0).trim()));
        return pids;
    }

    /** With the load off: waits for the clients' last submits, then until every accepted request has settled. */
    void settle() throws InterruptedException {
        clientsIdle();
        awaitSettled(settings.settle());
    }

    private void awaitHealthy(Instance instance, Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (healthy(instance)) {
                started(instance);
                return;
            }
            Thread.sleep(1000);
        }
        threadDump(instance);
        throw new IllegalStateException(String.format(Locale.ROOT, "%s did not become healthy within %s (%.1f s of"
                + " CPU used, load average %s); a thread dump is at the end of %s", instance.name, patience,
                cpuSeconds(instance.process.pid()), loadAverage(), logFile(instance.name)));
    }

    private static Service byName(String name) {
        for (Service service : Service.values()) {
            if (service.applicationName.equals(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("no service named " + name);
    }

    /** The table of every fault so far, and each one's invariants (markdown). */
    String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, """
                Offered %.1f requests/s on %s; windows of %d s (before the fault; the rate after is measured over one window \
                once a request accepted after the fault has reached its end ("flowing again after", counted from the \
                fault's end), and must reach %.0f %% of the rate before; "longest pause" is the longest stretch \
                without a grant provisioned from the fault's start to one window after its end). Load average at the \
                end: %s

                | fault | accepted | terminal | refused | PROVISIONED/s before | fault lasted | during | longest pause | flowing again after | after | no person left (ticks) | invariants |
                | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
                """, settings.rate(),
                cluster == null ? "one broker" : cluster.nodes().size() + " brokers" + clusterShape,
                settings.window().toSeconds(), settings.recoveredShare() * 100, loadAverage()));
        for (Outcome outcome : outcomes) {
            out.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %.2f | %.1f s | %s | %.1f s | %s%.1f s | %.2f | %d | %s |%n",
                    outcome.fault(), outcome.accepted(), outcome.terminal(), outcome.refused(), outcome.before(),
                    outcome.faultSeconds(),
                    Double.isNaN(outcome.during()) ? "-" : String.format(Locale.ROOT, "%.2f", outcome.during()),
                    outcome.longestPause(),
                    outcome.flowed() ? "" : "**not within** ", outcome.recoverySeconds(), outcome.after(),
                    outcome.unoffered(), outcome.report().holds() ? "all hold" : "**VIOLATED**"));
        }
        for (Outcome outcome : outcomes) {
            out.append("\n### ").append(outcome.fault()).append("\n\n").append(outcome.report().markdown());
            if (owners.containsKey(outcome.fault())) {
                out.append("\nTracking-processor segments (instance 1: the service's first, 2: the second):\n\n")
                        .append(owners.get(outcome.fault()).markdown());
            }
            if (splits.containsKey(outcome.fault())) {
                out.append("\nFrom the fault's end to the phase's end, ")
                        .append(splits.get(outcome.fault()).markdown());
            }
        }
        out.append("\n### Service starts\n\n");
        starts.forEach(line -> out.append("- ").append(line).append('\n'));
        return out.toString();
    }

    private String section(Outcome outcome) {
        return String.format(Locale.ROOT, "accepted %d, terminal %d, refused %d, rate before %.2f/s, flowing again"
                + " after %s%.1f s, after %.2f/s, ticks with no person left %d%n%s", outcome.accepted(),
                outcome.terminal(), outcome.refused(), outcome.before(), outcome.flowed() ? "" : "not within ",
                outcome.recoverySeconds(), outcome.after(), outcome.unoffered(), outcome.report().markdown());
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        loading.set(false);
        if (ticker != null) {
            ticker.shutdownNow();
            clients.shutdownNow();
        }
        seeder.shutdownNow();
        watching.set(false);
        if (watcher != null) {
            watcher.join(10_000);
        }
        List<Process> all = new ArrayList<>(seconds.values().stream().map(instance -> instance.process).toList());
        services.values().forEach(instance -> all.add(instance.process));
        List<Process> infra = new ArrayList<>(infrastructure.values());
        java.util.Collections.reverse(infra);
        all.addAll(infra);
        for (Process process : all) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        scim.stop();
        for (int port : new int[] {kafkaPort, controllerPort, postgresPort, scim.port()}) {
            Ports.release(port);
        }
        if (cluster != null) {
            cluster.nodes().forEach(node -> {
                Ports.release(node.port());
                Ports.release(node.controllerPort());
            });
        }
    }
}
