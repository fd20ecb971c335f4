package io.accessledger.request.servicenow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class InMemoryServiceNowStore implements ServiceNowStore {
    public final Map<String, String> links = new LinkedHashMap<>();
    final Map<String, String> numbers = new LinkedHashMap<>();
    final List<WriteBack> writeBacks = new ArrayList<>();

    @Override
    public synchronized Optional<String> link(String sysId, String number, String requestId, Instant at) {
        String earlier = links.putIfAbsent(sysId, requestId);
        if (earlier == null && number != null) {
            numbers.put(sysId, number);
        }
        return Optional.ofNullable(earlier);
    }

    @Override
    public synchronized Optional<String> sysIdOf(String requestId) {
        return links.entrySet().stream().filter(e -> e.getValue().equals(requestId)).map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public synchronized Optional<String> numberOf(String sysId) {
        return Optional.ofNullable(numbers.get(sysId));
    }

    @Override
    public synchronized boolean closed(String sysId) {
        return writeBacks.stream().anyMatch(w -> w.sysId().equals(sysId) && w.status().equals("DELIVERED")
                && ("3".equals(w.state()) || "4".equals(w.state())));
    }

    @Override
    public synchronized void recordWriteBack(WriteBack writeBack) {
        writeBacks.add(writeBack);
    }
}
