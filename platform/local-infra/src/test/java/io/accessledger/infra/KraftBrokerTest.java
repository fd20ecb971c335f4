package io.accessledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test broker's ports ({@link KraftBroker#onFreePorts()}): picked below the ephemeral range and locked, and a port
 * that another program takes between the pick and the broker's bind does not fail the start.
 */
class KraftBrokerTest {
    /** Hands out {@link Ports#stable()} ports and remembers them, so a test can take one before the broker binds it. */
    private static final class Recorded implements IntSupplier {
        final List<Integer> handedOut = new ArrayList<>();

        @Override
        public int getAsInt() {
            int port = Ports.stable();
            handedOut.add(port);
            return port;
        }
    }

    @Test
    void aBrokersPortsAreBelowTheEphemeralRangeAndLockedSoNoOtherPickTakesThem() {
        Recorded ports = new Recorded();
        try (KraftBroker broker = KraftBroker.onFreePorts(ports)) {
            assertThat(ports.handedOut).hasSize(2).allSatisfy(port -> assertThat(port)
                    .isGreaterThanOrEqualTo(Ports.LOWEST).isLessThan(Ports.ephemeralRange()[0]));
            int[] theBrokers = ports.handedOut.stream().mapToInt(Integer::intValue).toArray();
            int free = Ports.stable();
            Ports.release(free);
            int[] candidates = {theBrokers[0], theBrokers[1], free};
            int[] next = {0};

            assertThat(Ports.stable(() -> candidates[next[0]++])).isEqualTo(free);
            Ports.release(free);
        }
    }

    @Test
    void aBrokerOnFreePortsDeletesItsTemporaryDataDirectoryWhenClosed() throws Exception {
        KraftBroker broker = KraftBroker.onFreePorts().start();
        Path dir = broker.dataDir();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("written-before-close", 1, (short) 1))).all()
                    .get(60, TimeUnit.SECONDS);
        }
        assertThat(dir).isDirectoryContaining(path -> path.getFileName().toString()
                .startsWith("written-before-close"));

        broker.close();

        assertThat(dir).doesNotExist();
    }

    @Test
    void aBrokerOnADirectoryOfItsCallersKeepsItWhenClosed(@TempDir Path dir) {
        Path data = dir.resolve("kafka");
        int port = Ports.stable();
        int controller = Ports.stable();
        try {
            new KraftBroker(data, port, controller).start().close();
        } finally {
            Ports.release(port);
            Ports.release(controller);
        }

        assertThat(data).isDirectoryContaining(path -> path.getFileName().toString().equals("meta.properties"));
    }

    @Test
    void aPortTakenByAnotherProgramBetweenThePickAndTheBindDoesNotFailTheStart() throws Exception {
        Recorded ports = new Recorded();
        KraftBroker broker = KraftBroker.onFreePorts(ports);
        Path firstDir = broker.dataDir();
        int picked = ports.handedOut.get(0);
        try (ServerSocket anotherProgram = new ServerSocket()) {
            anotherProgram.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), picked));

            broker.start();

            assertThat(firstDir).as("the failed start's data directory").doesNotExist();
            assertThat(ports.handedOut).hasSizeGreaterThanOrEqualTo(4);
            assertThat(broker.bootstrapServers()).isNotEqualTo("127.0.0.1:" + picked);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("after-a-taken-port", 1, (short) 1))).all()
                        .get(60, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).contains("after-a-taken-port");
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void aBrokerWhoseAddressWasHandedOutKeepsItsPortsAndFailsItsStartWhenOneIsTaken() throws Exception {
        Recorded ports = new Recorded();
        KraftBroker broker = KraftBroker.onFreePorts(ports);
        String given = broker.bootstrapServers();
        int picked = ports.handedOut.get(0);
        try (ServerSocket anotherProgram = new ServerSocket()) {
            anotherProgram.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), picked));

            assertThatThrownBy(broker::start).satisfies(failure -> assertThat(KraftBroker.portTaken(failure))
                    .isTrue());
            assertThat(broker.bootstrapServers()).isEqualTo(given);
            assertThat(ports.handedOut).hasSize(2);
        } finally {
            broker.close();
        }
    }
}
