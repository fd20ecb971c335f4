package io.accessledger.audit.command;

import io.accessledger.spine.replay.TopicReplay;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The replay's progress line, once a second while it runs: events read of the total, percent, events per second and
 * the time left; and the report per topic at the end.
 */
final class ReplayProgress implements AutoCloseable {
    private final TopicReplay replay;
    private final PrintStream out;
    private final LongSupplier nanos;
    private final long startedAt;
    private final Thread printer;

    ReplayProgress(TopicReplay replay, PrintStream out, LongSupplier nanos) {
        this.replay = replay;
        this.out = out;
        this.nanos = nanos;
        this.startedAt = nanos.getAsLong();
        this.printer = new Thread(this::printEverySecond, "replay-progress");
        this.printer.setDaemon(true);
        this.printer.start();
    }

    private void printEverySecond() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1_000);
                out.println(line());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code replay: 120,000/1,000,000 events (12.0 %), 40,000 events/s, ETA 22 s}. */
    String line() {
        TopicReplay.Counts counts = replay.counts();
        double seconds = Math.max(0.001, (nanos.getAsLong() - startedAt) / 1e9);
        double rate = counts.read() / seconds;
        double percent = counts.total() == 0 ? 100.0 : 100.0 * counts.read() / counts.total();
        String eta = rate > 0 ? format(Duration.ofSeconds((long) Math.ceil((counts.total() - counts.read()) / rate)))
                : "-";
        return String.format(Locale.ROOT, "replay: %,d/%,d events (%.1f %%), %,.0f events/s, ETA %s",
                counts.read(), counts.total(), percent, rate, eta);
    }

    /** What was read per topic, what was applied, and the problems met. */
    String report() {
        StringBuilder report = new StringBuilder();
        for (TopicReplay.TopicProgress topic : replay.topics()) {
            report.append(String.format(Locale.ROOT, "  %-40s %,12d records%n", topic.topic(), topic.read()));
        }
        TopicReplay.Counts counts = replay.counts();
        report.append(String.format(Locale.ROOT,
                "  applied %,d, duplicates %,d, undecodable %,d, after --until %,d, failed %,d%n", counts.applied(),
                counts.duplicates(), counts.skipped(), counts.later(), counts.failed()));
        replay.problems().forEach(problem -> report.append("  problem: ").append(problem).append('\n'));
        return report.toString();
    }

    private static String format(Duration duration) {
        return duration.toHours() > 0 ? String.format(Locale.ROOT, "%d h %02d min", duration.toHours(),
                duration.toMinutesPart()) : duration.toMinutes() > 0 ? String.format(Locale.ROOT, "%d min %02d s",
                duration.toMinutes(), duration.toSecondsPart()) : duration.toSeconds() + " s";
    }

    @Override
    public void close() {
        printer.interrupt();
        out.println(line());
    }
}
