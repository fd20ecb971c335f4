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
 * A real, single-node Kafka broker in KRaft combined mode (broker and controller), from the Kafka jars on Maven
 * Central. Fixed ports and a data directory, so it can be stopped and started again with its data: that is how the
 * tests take Kafka away and bring it back. {@link #main} runs it as the standalone broker of the local run.
 */
public final class KraftBroker implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public KraftBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
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
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
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
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("log.retention.ms", "-1");
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
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
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

    /** {@code KraftBroker <data-dir> [port] [controller-port]}: runs until the process is told to stop. */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".accessledger/kafka");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controller = args.length > 2 ? Integer.parseInt(args[2]) : 9093;
        KraftBroker broker = new KraftBroker(dir, port, controller).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }));
        System.out.println("Kafka (KRaft) ready on " + broker.bootstrapServers() + ", data in " + dir);
        stopped.await();
    }
}
