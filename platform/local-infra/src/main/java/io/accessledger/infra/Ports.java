package io.accessledger.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Ports for the processes of tests and harnesses that must come back on the same port after a restart (a broker,
 * PostgreSQL, the SCIM target: their clients keep the address), or that are given their address before they bind it
 * (a test's broker started later). A port picked the usual way ({@code new ServerSocket(0)}) is an
 * ephemeral one, and while the process is not yet started, or down for a fault, the kernel may hand it to any
 * program's port-0 bind or outgoing connection; then the start fails ("Address already in use"). A port from here is
 * below the kernel's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}), so the kernel never hands it
 * out by itself; it is free when taken, and locked for this JVM's life by a lock file
 * ({@code <tmp>/accessledger-ports/<port>.lock}), so two harnesses on the machine never take the same one. A
 * program that binds that very port by its own choice can still take it: the first start is retried on other ports
 * ({@link KraftBroker#start}, the fault harness's {@code FaultRun}). Services need none of this: they bind port 0 and
 * write the port they got to a file.
 */
public final class Ports {
    /** The lowest port handed out: above the well-known and the usual fixed service ports of a developer machine. */
    public static final int LOWEST = 20_000;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "accessledger-ports");
    private static final Map<Integer, FileLock> HELD = new ConcurrentHashMap<>();

    private Ports() {
    }

    /** A free port below the ephemeral range, locked for this JVM (never handed out twice on the machine meanwhile). */
    public static int stable() {
        int below = ephemeralRange()[0];
        if (below <= LOWEST + 100) {
            throw new IllegalStateException("the ephemeral port range starts at " + below + ": no room below it");
        }
        return stable(() -> ThreadLocalRandom.current().nextInt(LOWEST, below));
    }

    /** The first of {@code candidates} that is free and not held by this or another harness; locked. */
    public static int stable(IntSupplier candidates) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = candidates.getAsInt();
            if (!HELD.containsKey(port)) {
                if (lock(port) && bindable(port)) {
                    return port;
                }
                release(port);
            }
        }
        throw new IllegalStateException("no free port among 200 candidates");
    }

    /** The kernel's ephemeral range, {@code [low, high]} (32768–60999 when it cannot be read). */
    public static int[] ephemeralRange() {
        try {
            List<String> bounds = List.of(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+"));
            return new int[] {Integer.parseInt(bounds.get(0)), Integer.parseInt(bounds.get(1))};
        } catch (IOException | RuntimeException notLinux) {
            return new int[] {32_768, 60_999};
        }
    }

    /** Gives the port back (a process that could not bind it, or the run is over): another harness may take it. */
    public static void release(int port) {
        FileLock lock = HELD.remove(port);
        if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException ignored) {
                // the lock goes with the channel anyway
            }
        }
    }

    private static boolean lock(int port) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel channel = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD.put(port, lock);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Free now on loopback (and on the wildcard address, which PostgreSQL or another program may use). */
    public static boolean bindable(int port) {
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.setReuseAddress(false);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException taken) {
            return false;
        }
        try (ServerSocket any = new ServerSocket()) {
            any.setReuseAddress(false);
            any.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
