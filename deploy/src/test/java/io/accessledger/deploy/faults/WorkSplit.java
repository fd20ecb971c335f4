package io.accessledger.deploy.faults;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the work of one service was shared between its instances while a second one ran: each instance's counters of
 * inbound deliveries handled, per consumer ({@code accessledger_inbound_processed_total}), and of events its outbox
 * published ({@code accessledger_outbox_published_total}), read from its Prometheus endpoint at the start and the end
 * of a stretch, and the difference shown side by side. A consumer's partitions belong to one instance of its group at
 * a time and the outbox's segment to one claimant, so the split says which instance did which part of the work, not
 * only that the groups rebalanced. An instance that joined within the stretch counts from zero; one whose counters
 * went down (started again meanwhile) is named, not subtracted.
 */
public final class WorkSplit {
    private static final Pattern SERIES = Pattern.compile(
            "^accessledger_(inbound_processed|outbox_published)_total\\{([^}]*)}\\s+([0-9.eE+-]+)$");
    private static final Pattern CONSUMER = Pattern.compile("(?:^|,)consumer=\"([^\"]*)\"");
    private static final String OUTBOX = "outbox: events published";

    private final String service;
    private final Map<String, Map<String, Double>> starts = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> ends = new LinkedHashMap<>();

    public WorkSplit(String service) {
        this.service = service;
    }

    /** The counters of {@code instance} ("1", "2") at the stretch's start, from its Prometheus text. */
    public synchronized void start(String instance, String exposition) {
        starts.put(instance, counts(exposition));
    }

    /** The counters of {@code instance} at the stretch's end. */
    public synchronized void end(String instance, String exposition) {
        ends.put(instance, counts(exposition));
    }

    /** The work counters in one Prometheus exposition, by "consumer &lt;name&gt;" or the outbox, summed over labels. */
    static Map<String, Double> counts(String exposition) {
        Map<String, Double> counts = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher series = SERIES.matcher(line.trim());
            if (!series.matches()) {
                continue;
            }
            String key;
            if (series.group(1).equals("outbox_published")) {
                key = OUTBOX;
            } else {
                Matcher consumer = CONSUMER.matcher(series.group(2));
                key = "consumer " + (consumer.find() ? consumer.group(1) : "?");
            }
            counts.merge(key, Double.parseDouble(series.group(3)), Double::sum);
        }
        return counts;
    }

    /** What {@code instance} did in the stretch, by work; empty if it was not read at the end. */
    public synchronized Map<String, Long> done(String instance) {
        Map<String, Long> done = new TreeMap<>();
        Map<String, Double> end = ends.get(instance);
        if (end == null) {
            return done;
        }
        Map<String, Double> start = starts.getOrDefault(instance, Map.of());
        end.forEach((work, count) -> done.put(work, Math.round(count - start.getOrDefault(work, 0.0))));
        return done;
    }

    /** A markdown table: one row per work, one column per instance read at the end, and the second's share. */
    public synchronized String markdown() {
        TreeSet<String> works = new TreeSet<>();
        ends.values().forEach(end -> works.addAll(end.keySet()));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s's work by instance:%n%n| work |",
                service));
        ends.keySet().forEach(instance -> out.append(" instance ").append(instance).append(" |"));
        out.append("\n| --- |");
        ends.keySet().forEach(instance -> out.append(" ---: |"));
        out.append('\n');
        Map<String, Map<String, Long>> done = new LinkedHashMap<>();
        ends.keySet().forEach(instance -> done.put(instance, done(instance)));
        for (String work : works) {
            out.append("| ").append(work).append(" |");
            for (String instance : ends.keySet()) {
                long count = done.get(instance).getOrDefault(work, 0L);
                out.append(' ').append(count < 0 ? "started again" : Long.toString(count)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
