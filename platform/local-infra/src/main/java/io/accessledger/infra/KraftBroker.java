package io.accessledger.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller), from the Kafka jars on Maven Central. Fixed
 * ports and a data directory, so it can be stopped and started again with its data: that is how the tests take Kafka
 * away and bring it back. {@link #main} runs it as the standalone broker of the local run. By default a single node
 * (replication 1); {@link #clusterNode} makes one node of a {@link KraftCluster} (its voters, its cluster id; internal
 * topics replicated 3 times with 2 in sync).
 */
public final class KraftBroker implements AutoCloseable {
    /**
     * A system property: the controller fences a broker whose heartbeats stop for this many milliseconds (Kafka's
     * {@code broker.session.timeout.ms}, 9000 by default); heartbeats every quarter of it. Unset: Kafka's defaults.
     */
    public static final String SESSION_PROPERTY = "accessledger.kraft.broker-session-ms";
    /** How many times a first start on ports of its own is made again on fresh ones after finding a port taken. */
    static final int STARTS_ON_FRESH_PORTS = 5;

    private Path dataDir;
    private int port;
    private int controllerPort;
    private final int nodeId;
    /** {@code id@host:port,...} of every controller of the quorum. */
    private String voters;
    /** The cluster's id, the same on every node; {@code null} on a single node (a random one at the first format). */
    private final String clusterId;
    /**
     * Where the ports of {@link #onFreePorts} come from (locked ones, given back at {@link #close()}); {@code null}
     * for ports the caller chose, which the broker never changes.
     */
    private final IntSupplier freshPorts;
    /** Whether anyone was given the address or the broker ever started: from then on its ports never change. */
    private boolean portsFixed;
    private KafkaRaftServer server;
    /** The port of the SCRAM listener ({@link #withScramListener}); 0: none. */
    private int scramPort;

    public KraftBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, 1, "1@127.0.0.1:" + controllerPort, null, null);
    }

    private KraftBroker(Path dataDir, int port, int controllerPort, int nodeId, String voters, String clusterId,
            IntSupplier freshPorts) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.nodeId = nodeId;
        this.voters = voters;
        this.clusterId = clusterId;
        this.freshPorts = freshPorts;
    }

    /**
     * One node of a cluster of combined nodes: {@code voters} names every node's controller ({@code id@host:port,...})
     * and all share {@code clusterId}. Internal topics (offsets, transaction state) and topics created without a
     * replication factor get {@code min(3, nodes)} replicas with {@code min.insync.replicas} 2 when that is 3.
     */
    public static KraftBroker clusterNode(Path dataDir, int nodeId, int port, int controllerPort, String voters,
            String clusterId) {
        return new KraftBroker(dataDir, port, controllerPort, nodeId, voters, clusterId, null);
    }

    /**
     * A broker with a fresh temporary data directory, on two free ports below the kernel's ephemeral range, locked
     * for this JVM ({@link Ports#stable()}): no port-0 bind or outgoing connection of any program is handed them
     * between now and the broker's bind (or while it is stopped), and no other test or harness picks them. Should one
     * still be taken when the broker first starts (a program that binds that port by its own choice), the start is
     * made again on fresh ports, unless its address was handed out before ({@link #bootstrapServers()}).
     */
    public static KraftBroker onFreePorts() {
        return onFreePorts(Ports::stable);
    }

    /** {@link #onFreePorts()} with the ports {@code ports} hands out (each locked one is released at close). */
    static KraftBroker onFreePorts(IntSupplier ports) {
        try {
            int brokerPort = ports.getAsInt();
            int controller = ports.getAsInt();
            return new KraftBroker(Files.createTempDirectory("kraft"), brokerPort, controller, 1,
                    "1@127.0.0.1:" + controller, null, ports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a second listener on {@code port}, {@code SASL_PLAINTEXT} with SCRAM-SHA-512, and Kafka's standard
     * authorizer: there clients authenticate as SCRAM users (made with the admin API, {@code
     * alterUserScramCredentials}) and may do only what ACLs allow; the plaintext listener's clients and the controller
     * are the super user {@code ANONYMOUS}, who makes those users and ACLs. The shape of the Kubernetes cluster's
     * authenticated listener (deploy/k8s/kafka, without its TLS), for tests of the services as their KafkaUsers.
     * Before {@link #start()}.
     */
    public synchronized KraftBroker withScramListener(int port) {
        if (server != null) {
            throw new IllegalStateException("the SCRAM listener is added before the broker starts");
        }
        this.scramPort = port;
        return this;
    }

    /** The SCRAM listener's address ({@link #withScramListener}). */
    public synchronized String scramBootstrapServers() {
        if (scramPort == 0) {
            throw new IllegalStateException("the broker has no SCRAM listener");
        }
        portsFixed = true;
        return "127.0.0.1:" + scramPort;
    }

    /** The address clients connect to; from now on the broker's ports never change. */
    public synchronized String bootstrapServers() {
        portsFixed = true;
        return "127.0.0.1:" + port;
    }

    /**
     * Starts the broker (nothing if it runs). A first start on ports of {@link #onFreePorts} that finds one of them
     * taken ("Address already in use") is made again on fresh ports with a fresh data directory, at most
     * {@value #STARTS_ON_FRESH_PORTS} times, as long as nobody was given the address; any later start (a restart)
     * keeps its ports, which clients know.
     */
    public synchronized KraftBroker start() {
        if (server != null) {
            return this;
        }
        for (int start = 1;; start++) {
            try {
                startOnce();
                portsFixed = true;
                return this;
            } catch (RuntimeException failed) {
                if (portsFixed || freshPorts == null || start >= STARTS_ON_FRESH_PORTS || !portTaken(failed)) {
                    throw failed;
                }
                moveToFreshPorts();
            }
        }
    }

    private void startOnce() {
        KafkaConfig config = new KafkaConfig(properties(), false);
        format();
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException failed) {
            try {
                starting.shutdown();
                starting.awaitShutdown();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        server = starting;
    }

    /** The failed start's ports and data go; two fresh ports and a fresh data directory take their place. */
    private void moveToFreshPorts() {
        Ports.release(port);
        Ports.release(controllerPort);
        port = freshPorts.getAsInt();
        controllerPort = freshPorts.getAsInt();
        voters = nodeId + "@127.0.0.1:" + controllerPort;
        deleteTree(dataDir);
        try {
            dataDir = Files.createTempDirectory("kraft");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a start failed because a port it binds is in use. */
    static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains(
                    "Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Stops the broker as an operator would (its data stays); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /**
     * Stops the broker; the ports {@link #onFreePorts} locked for it are free for others again, and the temporary data
     * directory it made is deleted (a directory the caller named stays).
     */
    @Override
    public synchronized void close() {
        stop();
        if (freshPorts != null) {
            Ports.release(port);
            Ports.release(controllerPort);
            deleteTree(dataDir);
        }
    }

    /** The directory of its logs and metadata. */
    Path dataDir() {
        return dataDir;
    }

    /** Deletes a temporary data directory and everything in it, as far as it can (what is left is only disk). */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a file that went meanwhile, or one that cannot be read: nothing to keep either way
        }
    }

    private Map<String, Object> properties() {
        String replication = Integer.toString(Math.min(3, voters.split(",").length));
        String minInSync = replication.equals("3") ? "2" : "1";
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (scramPort != 0) {
            p.put("listeners", p.get("listeners") + ",SCRAM://127.0.0.1:" + scramPort);
            p.put("advertised.listeners", p.get("advertised.listeners") + ",SCRAM://127.0.0.1:" + scramPort);
            p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + ",SCRAM:SASL_PLAINTEXT");
            p.put("listener.name.scram.sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put("listener.name.scram.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:ANONYMOUS");
        }
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("offsets.topic.num.partitions", "5");
        p.put("offsets.topic.replication.factor", replication);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("default.replication.factor", replication);
        p.put("min.insync.replicas", minInSync);
        p.put("log.retention.ms", "-1");
        Integer session = Integer.getInteger(SESSION_PROPERTY);
        if (session != null) { // Kafka's default: 9000 ms, a heartbeat every 2000 ms
            p.put("broker.session.timeout.ms", Integer.toString(session));
            p.put("broker.heartbeat.interval.ms", Integer.toString(Math.max(100, session / 4)));
        }
        return p;
    }

    private void format() {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(System.out)
                    .setClusterId(clusterId != null ? clusterId : Uuid.randomUuid().toString())
                    .setNodeId(nodeId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dataDir.toString())
                    .addDirectory(dataDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the KRaft storage in " + dataDir, e);
        }
    }

    /**
     * {@code KraftBroker <data-dir> [port] [controller-port] [node-id voters cluster-id]}: runs until the process is
     * told to stop. With the last three, one node of a cluster ({@link KraftCluster#arguments}).
     */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".accessledger/kafka");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controller = args.length > 2 ? Integer.parseInt(args[2]) : 9093;
        KraftBroker broker = (args.length > 5
                ? clusterNode(dir, Integer.parseInt(args[3]), port, controller, args[4], args[5])
                : new KraftBroker(dir, port, controller)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }));
        System.out.println("Kafka (KRaft) ready on " + broker.bootstrapServers() + ", data in " + dir);
        stopped.await();
    }
}
