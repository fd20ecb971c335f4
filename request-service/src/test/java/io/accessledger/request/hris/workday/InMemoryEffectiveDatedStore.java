package io.accessledger.request.hris.workday;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store's contract in memory, for tests without a database. */
public final class InMemoryEffectiveDatedStore implements EffectiveDatedStore {
    public final Map<String, Entry> entries = new LinkedHashMap<>();

    @Override
    public boolean insert(Entry entry, Instant at) {
        return entries.putIfAbsent(entry.eventRef(), entry) == null;
    }

    @Override
    public Optional<Entry> find(String eventRef) {
        return Optional.ofNullable(entries.get(eventRef));
    }

    @Override
    public boolean transition(String eventRef, State from, State to, String rescindedBy, Instant at) {
        Entry entry = entries.get(eventRef);
        if (entry == null || entry.state() != from) {
            return false;
        }
        entries.put(eventRef, new Entry(eventRef, entry.event(), to,
                rescindedBy != null ? rescindedBy : entry.rescindedBy()));
        return true;
    }

    @Override
    public List<Entry> due(LocalDate day) {
        return entries.values().stream()
                .filter(e -> e.state() == State.PENDING && e.event() != null && e.event().effectiveOn() != null
                        && !e.event().effectiveOn().isAfter(day))
                .sorted(Comparator.comparing(e -> e.event().effectiveOn())).toList();
    }
}
