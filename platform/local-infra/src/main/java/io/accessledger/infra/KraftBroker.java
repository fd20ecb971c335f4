package io.accessledger.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final int nodeId;
    /** {@code id@host:port,...} of every controller of the quorum. */
    private final String voters;
    /** The cluster's id, the same on every node; {@code null} on a single node (a random one at the first format). */
    private final String clusterId;
    private KafkaRaftServer server;

    public KraftBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, 1, "1@127.0.0.1:" + controllerPort, null);
    }

    private KraftBroker(Path dataDir, int port, int controllerPort, int nodeId, String voters, String clusterId) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.nodeId = nodeId;
        this.voters = voters;
        this.clusterId = clusterId;
    }

    /**
     * One node of a cluster of combined nodes: {@code voters} names every node's controller ({@code id@host:port,...})
     * and all share {@code clusterId}. Internal topics (offsets, transaction state) and topics created without a
     * replication factor get {@code min(3, nodes)} replicas with {@code min.insync.replicas} 2 when that is 3.
     */
    public static KraftBroker clusterNode(Path dataDir, int nodeId, int port, int controllerPort, String voters,
            String clusterId) {
        return new KraftBroker(dataDir, port, controllerPort, nodeId, voters, clusterId);
    }

    /** A broker on free ports with a fresh temporary data directory. */
    public static KraftBroker onFreePorts() {
        try {
            int[] ports = twoFreePorts();
            return new KraftBroker(Files.createTempDirectory("kraft"), ports[0], ports[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized KraftBroker start() {
        if (server != null) {
            return this;
        }
        KafkaConfig config = new KafkaConfig(properties(), false);
        format();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return this;
    }

    /** Stops the broker as an operator would (its data stays); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
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

    /** Two distinct free ports: both sockets are held open together, so the system cannot hand out one twice. */
    static int[] twoFreePorts() {
        try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
