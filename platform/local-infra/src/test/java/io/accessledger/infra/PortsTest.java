package io.accessledger.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports that the broker, PostgreSQL and the SCIM target can be restarted on without another program taking them. */
class PortsTest {
    @Test
    void aStablePortIsBelowTheKernelsEphemeralRangeAndFree() {
        int port = Ports.stable();
        try {
            assertThat(port).isGreaterThanOrEqualTo(Ports.LOWEST).isLessThan(Ports.ephemeralRange()[0]);
            assertThat(Ports.bindable(port)).isTrue();
        } finally {
            Ports.release(port);
        }
    }

    @Test
    void aPortInUseOrAlreadyHandedOutIsSkippedForTheNextFreeOne() throws Exception {
        int held = Ports.stable();
        try (ServerSocket someoneElse = new ServerSocket()) {
            someoneElse.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int taken = someoneElse.getLocalPort();
            int free = Ports.stable();
            Ports.release(free); // free again, and not held: the one the candidates below must end at
            Iterator<Integer> candidates = List.of(taken, held, free).iterator();

            int chosen = Ports.stable(candidates::next);

            assertThat(chosen).isEqualTo(free);
            Ports.release(chosen);
        } finally {
            Ports.release(held);
        }
    }

    @Test
    void aPortAnotherHarnessHoldsIsNotHandedOut() throws Exception {
        int theirs = Ports.stable();
        Ports.release(theirs);
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), Integer.toString(theirs)).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(
                    other.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            do {
                line = said.readLine(); // after any line the JVM itself prints first
            } while (line != null && !line.equals("held"));
            assertThat(line).as("the other harness holds port " + theirs).isEqualTo("held");
            int free = Ports.stable();
            Ports.release(free);
            Iterator<Integer> candidates = List.of(theirs, free).iterator();

            int chosen = Ports.stable(candidates::next);

            assertThat(chosen).isEqualTo(free);
            Ports.release(chosen);
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    /** Another harness: takes the given port's lock the way {@link Ports} does, says so, and keeps it until killed. */
    static final class Holder {
        public static void main(String[] args) throws Exception {
            int port = Ports.stable(() -> Integer.parseInt(args[0]));
            System.out.print("held\n");
            System.out.flush();
            Thread.sleep(60_000);
            Ports.release(port);
        }
    }
}
