package io.accessledger.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * The plan of a KRaft cluster on loopback: {@code size} combined nodes (broker and controller in one process each,
 * every node a voter of the controller quorum), each on its own free ports with its own data directory, one cluster id.
 * It starts nothing itself: {@link #arguments} are the arguments of {@link KraftBroker#main} that run a node as its
 * own process (so it can be killed and started again on its data), {@link #node} a node in this JVM. Topics created
 * without a replication factor, and the internal ones, get 3 replicas with {@code min.insync.replicas} 2.
 */
public final class KraftCluster {
    /** One node: its id (1 … size), its client and controller ports, its data directory. */
    public record Node(int id, int port, int controllerPort, Path dataDir) {
        public String address() {
            return "127.0.0.1:" + port;
        }
    }

    private final List<Node> nodes;
    private final String clusterId = Uuid.randomUuid().toString();

    private KraftCluster(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * {@code size} nodes on free ports below the kernel's ephemeral range, locked for this JVM ({@link Ports#stable()}:
     * no other program's port-0 bind takes one while a node is not yet started or is down), data in
     * {@code dir}/node-<id>.
     */
    public static KraftCluster onFreePorts(Path dir, int size) {
        return onPorts(dir, size, Ports::stable);
    }

    /**
     * {@code size} nodes on the ports {@code ports} hands out (two per node, client then controller), data in
     * {@code dir}/node-<id>: for a caller that keeps ports of its own for processes that must come back on them.
     */
    public static KraftCluster onPorts(Path dir, int size, IntSupplier ports) {
        List<Node> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            nodes.add(new Node(id, ports.getAsInt(), ports.getAsInt(), dir.resolve("node-" + id)));
        }
        return new KraftCluster(nodes);
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Every node's client address, as the services and clients are given them. */
    public String bootstrapServers() {
        return nodes.stream().map(Node::address).collect(Collectors.joining(","));
    }

    /** {@code id@127.0.0.1:controllerPort,...}: the controller quorum. */
    public String voters() {
        return nodes.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
    }

    /** The arguments of {@link KraftBroker#main} that run {@code node} as a process of this cluster. */
    public List<String> arguments(Node node) {
        return List.of(node.dataDir().toString(), Integer.toString(node.port()),
                Integer.toString(node.controllerPort()), Integer.toString(node.id()), voters(), clusterId);
    }

    /** {@code node} as a broker in this JVM (not started). */
    public KraftBroker node(Node node) {
        return KraftBroker.clusterNode(node.dataDir(), node.id(), node.port(), node.controllerPort(), voters(),
                clusterId);
    }
}
