package io.accessledger.deploy;

import java.util.Map;
import java.util.Set;

/**
 * What one measured window of the local-run benchmark ({@link LocalRunBenchmark}) shows, from the harness's own record
 * of each accepted submit and the log's time of each request's end: how many requests were accepted in the window,
 * how many reached {@code PROVISIONED} in it (whenever they were accepted) and at what rate, how many accepted ones had
 * not reached it when the window closed (the backlog), the submit→provisioned latencies of the requests accepted in
 * it, and the processes' CPU per provisioned request.
 *
 * @param accepted requests accepted in the window
 * @param provisioned requests whose {@code AccessProvisioned} reached the log in the window
 * @param seconds the window's length
 * @param backlog requests accepted before the window's end and not provisioned by then
 * @param latenciesMs submit→provisioned of the requests accepted in the window that were provisioned (at any time),
 *     sorted
 * @param cpuSeconds each process's CPU in the window (user + system, its children included), by name, in the order
 *     given
 */
record LocalRunFigures(int accepted, int provisioned, double seconds, int backlog, long[] latenciesMs,
        Map<String, Double> cpuSeconds) {

    /**
     * @param acceptedAt each accepted request's submit time
     * @param provisionedAt each provisioned request's time on the log (other ends, such as a failure, left out)
     * @param from the window's start (epoch milliseconds, inclusive)
     * @param to its end (exclusive)
     */
    static LocalRunFigures of(Map<String, Long> acceptedAt, Map<String, Long> provisionedAt, long from, long to,
            Map<String, Double> cpuSeconds) {
        int accepted = (int) acceptedAt.values().stream().filter(at -> at >= from && at < to).count();
        int provisioned = (int) provisionedAt.values().stream().filter(at -> at >= from && at < to).count();
        int backlog = (int) acceptedAt.entrySet().stream().filter(e -> e.getValue() < to)
                .filter(e -> provisionedAt.getOrDefault(e.getKey(), Long.MAX_VALUE) >= to).count();
        long[] latencies = acceptedAt.entrySet().stream()
                .filter(e -> e.getValue() >= from && e.getValue() < to && provisionedAt.containsKey(e.getKey()))
                .mapToLong(e -> provisionedAt.get(e.getKey()) - e.getValue()).sorted().toArray();
        return new LocalRunFigures(accepted, provisioned, (to - from) / 1000.0, backlog, latencies,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuSeconds)));
    }

    /** Of the requests accepted in the window, how many were never provisioned (by the time the figures were taken). */
    int neverProvisioned() {
        return accepted - latenciesMs.length;
    }

    double provisionedPerSecond() {
        return provisioned / seconds;
    }

    /** The nearest-rank percentile of the latencies, in milliseconds; -1 without any. */
    long latencyMs(double percentile) {
        if (latenciesMs.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * latenciesMs.length);
        return latenciesMs[Math.max(0, rank - 1)];
    }

    /** The named processes' CPU per provisioned request, in core-seconds; NaN if none was provisioned. */
    double coreSecondsPerRequest(Set<String> processes) {
        double sum = cpuSeconds.entrySet().stream().filter(e -> processes.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        return provisioned == 0 ? Double.NaN : sum / provisioned;
    }
}
