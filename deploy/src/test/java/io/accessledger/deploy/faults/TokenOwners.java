package io.accessledger.deploy.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Who held each tracking-processor segment of one service while a second instance joined or left: the rows of Axon's
 * {@code tokenentry} ({@code processorname}, {@code segment}, {@code owner}) read every second. An owner is
 * {@code <pid>@<host>/<uuid>} (the spine's node id, one per instance), so each is named by the process it belongs to.
 * The table's key makes one owner per segment at each instant; what this adds is which instance that was, when a
 * segment changed hands, and whether it did so while its holder was still running (its claim lapsed: it had not
 * extended it within Axon's claim timeout) rather than after it released it.
 */
public final class TokenOwners {
    /** One row of {@code tokenentry} at one instant. */
    public record Row(String processor, int segment, String owner) {
    }

    private record Change(long at, String label) {
    }

    private final String service;
    private final long since;
    private final LongFunction<String> nameOfPid;
    private final Map<String, List<Change>> timelines = new LinkedHashMap<>();
    private final Map<String, Integer> samples = new LinkedHashMap<>();
    private int readings;

    /**
     * @param since the phase's start (epoch millis), times are shown after it
     * @param nameOfPid the instance a pid belongs to ("1", "2"), or {@code null} if none of the run's
     */
    public TokenOwners(String service, long since, LongFunction<String> nameOfPid) {
        this.service = service;
        this.since = since;
        this.nameOfPid = nameOfPid;
    }

    /** One reading of the whole table at {@code at}. */
    public synchronized void sample(long at, List<Row> rows) {
        readings++;
        for (Row row : rows) {
            String key = row.processor() + " #" + row.segment();
            samples.merge(key, 1, Integer::sum);
            String label = label(row.owner());
            List<Change> timeline = timelines.computeIfAbsent(key, k -> new ArrayList<>());
            if (timeline.isEmpty() || !timeline.get(timeline.size() - 1).label().equals(label)) {
                timeline.add(new Change(at, label));
            }
        }
    }

    private String label(String owner) {
        if (owner == null || owner.isBlank()) {
            return "unclaimed";
        }
        int at = owner.indexOf('@');
        try {
            String name = at > 0 ? nameOfPid.apply(Long.parseLong(owner.substring(0, at))) : null;
            return name != null ? "instance " + name : "another node (" + owner + ")";
        } catch (NumberFormatException notOurs) {
            return "another node (" + owner + ")";
        }
    }

    /** Segments that were, at some reading, held by the instance named {@code name}. */
    public synchronized List<String> heldBy(String name) {
        return timelines.entrySet().stream().filter(e -> e.getValue().stream()
                .anyMatch(change -> change.label().equals("instance " + name))).map(Map.Entry::getKey).toList();
    }

    /** Times a segment went from one instance straight to another (no release seen between). */
    public synchronized int directHandovers() {
        int count = 0;
        for (List<Change> timeline : timelines.values()) {
            for (int i = 1; i < timeline.size(); i++) {
                if (timeline.get(i - 1).label().startsWith("instance ") && timeline.get(i).label()
                        .startsWith("instance ")) {
                    count++;
                }
            }
        }
        return count;
    }

    /** A markdown list: each segment's holders in order, with the time (s after the phase's start) of each change. */
    public synchronized String markdown() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s's `tokenentry`, %d readings:%n%n",
                service, readings));
        timelines.forEach((segment, timeline) -> {
            out.append("- `").append(segment).append("`: ");
            for (int i = 0; i < timeline.size(); i++) {
                Change change = timeline.get(i);
                out.append(i == 0 ? "" : " → ").append(change.label())
                        .append(String.format(Locale.ROOT, " (%+.0f s)", (change.at() - since) / 1000.0));
            }
            out.append(String.format(Locale.ROOT, ", %d readings%n", samples.get(segment)));
        });
        return out.toString();
    }
}
