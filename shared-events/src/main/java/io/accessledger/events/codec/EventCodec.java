package io.accessledger.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Encodes events to their plain JSON value and decodes a value by its {@code ce_type}, upcasting old versions. */
public final class EventCodec {
    /** The shape of every {@code ce_type} of the suite: {@code accessledger.<stream>.<name>.v<N>}. */
    private static final java.util.regex.Pattern BUSINESS_TYPE =
            java.util.regex.Pattern.compile("accessledger\\.[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*\\.v[0-9]+");
    private final ObjectMapper json;
    private final Map<String, EventUpcaster> upcasters = new HashMap<>();
    /**
     * Per {@code ce_type} that no upcaster reads, its catalog entry and a reader of its record, made on first use:
     * the mapper's {@code readValue} resolves the type and looks up its deserializer on every call, the reader once.
     */
    private final Map<String, Direct> direct = new ConcurrentHashMap<>();

    /** A type decoded straight into its record, and the reader that does it. */
    private record Direct(EventType type, ObjectReader reader) {
    }

    /** A codec that reads every version the catalog still reads ({@link EventCatalog#upcasters()}). */
    public EventCodec() {
        this(EventCatalog.upcasters());
    }

    public EventCodec(List<EventUpcaster> upcasters) {
        this.json = EventJson.mapper();
        for (EventUpcaster upcaster : upcasters) {
            this.upcasters.put(upcaster.fromType(), upcaster);
        }
    }

    public byte[] encode(DomainEvent event) {
        EventCatalog.of(event);
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event, e);
        }
    }

    /**
     * Decodes the value of a record of the given {@code ce_type}.
     *
     * @throws UnknownEventTypeException when the type is a well-formed AccessLedger type this build does not know
     * @throws UndecodableEventException when the type is not one, or the value is not that event's JSON
     */
    public DomainEvent decode(String ceType, byte[] value) {
        Direct straight = ceType == null ? null : direct.get(ceType);
        if (straight == null) {
            if (!upcasters.containsKey(ceType) && EventCatalog.byCeType(ceType).isEmpty()) {
                if (ceType != null && BUSINESS_TYPE.matcher(ceType).matches()) {
                    throw new UnknownEventTypeException(ceType);
                }
                throw new UndecodableEventException("unknown ce_type " + ceType);
            }
            EventType current = upcasters.containsKey(ceType) ? null : EventCatalog.byCeType(ceType).orElse(null);
            if (current != null) {
                straight = direct.computeIfAbsent(ceType,
                        type -> new Direct(current, json.readerFor(current.javaType())));
            }
        }
        if (value == null || value.length == 0) {
            throw new UndecodableEventException("empty value for " + ceType);
        }
        if (straight != null && opensAnObject(value)) { // no upcaster: straight into the record, no tree between
            DomainEvent event = null;
            try {
                event = straight.reader().readValue(value);
            } catch (IOException | IllegalArgumentException e) {
                // read again below through the tree, which names what is wrong as it always has
            }
            if (event != null) {
                return checked(event, straight.type());
            }
        }
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (IOException e) {
            throw new UndecodableEventException("value of " + ceType + " is not JSON: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new UndecodableEventException("value of " + ceType + " is not a JSON object");
        }
        String type = ceType;
        while (upcasters.containsKey(type)) {
            EventUpcaster upcaster = upcasters.get(type);
            object = upcaster.upcast(object);
            type = upcaster.toType();
        }
        String finalType = type;
        EventType eventType = EventCatalog.byCeType(type)
                .orElseThrow(() -> new UndecodableEventException("unknown ce_type " + finalType));
        DomainEvent event;
        try {
            event = json.treeToValue(object, eventType.javaType());
        } catch (IOException | IllegalArgumentException e) {
            throw new UndecodableEventException("value is not a valid " + eventType.name() + ": " + e.getMessage(), e);
        }
        return checked(event, eventType);
    }

    /**
     * The record a value of this {@code ce_type} decodes to (through its upcasters), without reading a value: empty for
     * a type this build does not know.
     */
    public Optional<Class<? extends DomainEvent>> javaTypeOf(String ceType) {
        String type = ceType;
        for (int hops = 0; type != null && upcasters.containsKey(type) && hops <= upcasters.size(); hops++) {
            type = upcasters.get(type).toType();
        }
        return type == null ? Optional.empty() : EventCatalog.byCeType(type).map(EventType::javaType);
    }

    /** The first byte that is not white space is '{' (else the tree path says what the value is instead). */
    private static boolean opensAnObject(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** The event, if it has what every consumer needs: its id, its time and its subject. */
    private static DomainEvent checked(DomainEvent event, EventType eventType) {
        if (event.eventId() == null || event.occurredAt() == null) {
            throw new UndecodableEventException(eventType.name() + " without eventId or occurredAt");
        }
        // The subject is the record's key and the aggregate it is about: without it no consumer can apply the event.
        String subject;
        try {
            subject = event.subject();
        } catch (RuntimeException e) {
            subject = null;
        }
        if (subject == null || subject.isBlank()) {
            throw new UndecodableEventException(eventType.name() + " without its subject (the id it is about)");
        }
        return event;
    }
}
