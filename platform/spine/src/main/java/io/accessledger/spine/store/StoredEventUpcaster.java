package io.accessledger.spine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.codec.EventUpcaster;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * The event catalog's upcasters, applied to a service's own event store too: a public event stored in an older
 * version of its {@code ce_type} (its revision in the store; none means 1, what every event was before versions
 * moved) is brought to the current version before Axon reads it — for the aggregate, and for the outbox, which
 * may publish it only now (the broker was down during an upgrade). Stored events carry the version they were
 * written in as their revision ({@link #revisionOf}).
 */
public class StoredEventUpcaster extends SingleEventUpcaster {
    private final Map<String, EventUpcaster> byFromType = EventCatalog.upcasters().stream()
            .collect(Collectors.toMap(EventUpcaster::fromType, Function.identity()));

    /** The revision a public event is stored with: the version of its current {@code ce_type}. */
    public static String revisionOf(Class<?> payloadType) {
        return EventCatalog.ofClass(payloadType).map(type -> Integer.toString(version(type.ceType()))).orElse(null);
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation stored) {
        return current(stored).filter(type -> version(type.ceType()) > storedVersion(stored)).isPresent();
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation stored) {
        EventType type = current(stored).orElseThrow();
        String base = type.ceType().substring(0, type.ceType().lastIndexOf(".v") + 2);
        String from = base + storedVersion(stored);
        return stored.upcastPayload(new SimpleSerializedType(stored.getType().getName(),
                Integer.toString(version(type.ceType()))), JsonNode.class, json -> {
                    ObjectNode object = (ObjectNode) json;
                    String at = from;
                    while (byFromType.containsKey(at)) {
                        EventUpcaster upcaster = byFromType.get(at);
                        object = upcaster.upcast(object);
                        at = upcaster.toType();
                    }
                    return object;
                });
    }

    private static Optional<EventType> current(IntermediateEventRepresentation stored) {
        try {
            return EventCatalog.ofClass(Class.forName(stored.getType().getName()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static int storedVersion(IntermediateEventRepresentation stored) {
        String revision = stored.getType().getRevision();
        return revision == null ? 1 : Integer.parseInt(revision);
    }

    private static int version(String ceType) {
        return Integer.parseInt(ceType.substring(ceType.lastIndexOf(".v") + 2));
    }
}
