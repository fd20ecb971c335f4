package io.accessledger.audit.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.GrantKeyed;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.RequestScoped;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.review.AccessRevocationRequested;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the audit trail keeps of one event: the columns an auditor filters and joins on, taken from the event alone
 * (never from the envelope's time or the wall clock, so a replay gives the same row), and the event's own fields as
 * JSON with keys sorted at every level (so the same event always gives the same bytes).
 */
record EventFacts(
        String eventId,
        Instant occurredAt,
        Instant effectiveAt,
        String topic,
        String type,
        String subject,
        String requestId,
        String grantId,
        String employeeId,
        String entitlement,
        String actorId,
        String reason,
        String lifecycleKind,
        String requestSource,
        String revocationReason,
        String correlationId,
        String causationId,
        String details) {

    /** Reads details back: maps keep the (sorted) written order. */
    private static final ObjectMapper SORTED = EventJson.mapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * Writes details straight from the record, keys sorted at every level: a record's properties alphabetically (all
     * of them, not its creator's first), a map's entries by key. The same bytes as the event turned into a map first
     * and the map written with sorted keys, as earlier versions did ({@code EventFactsDetailsTest} pins them).
     */
    private static final ObjectWriter DETAILS = ((JsonMapper) EventJson.mapper()).rebuild()
            .addModule(typedIdsAsText())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build()
            .writer();

    /**
     * The typed ids and entitlements written as their text, the text their {@code @JsonValue} gives, by a serializer
     * that calls the accessor itself: Jackson's {@code JsonValueSerializer} reached it by reflection for each value
     * (about a tenth of the replay's applying thread, docs/BENCHMARKS.md, "Audit replay", thirteenth round). The same
     * bytes ({@code EventFactsDetailsTest}); a map key of these types, none in the contract, would keep Jackson's own.
     */
    private static SimpleModule typedIdsAsText() {
        SimpleModule module = new SimpleModule("accessledger-details-typed-ids");
        module.addSerializer(EventId.class, new AsText<>(EventId.class, EventId::value));
        module.addSerializer(EmployeeId.class, new AsText<>(EmployeeId.class, EmployeeId::value));
        module.addSerializer(RequestId.class, new AsText<>(RequestId.class, RequestId::value));
        module.addSerializer(GrantId.class, new AsText<>(GrantId.class, GrantId::value));
        module.addSerializer(TaskId.class, new AsText<>(TaskId.class, TaskId::value));
        module.addSerializer(Entitlement.class, new AsText<>(Entitlement.class, Entitlement::toString));
        return module;
    }

    /** A value written as the JSON string of its text. */
    private static final class AsText<T> extends StdSerializer<T> {
        private final transient Function<T, String> text;

        AsText(Class<T> type, Function<T, String> text) {
            super(type);
            this.text = text;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(text.apply(value));
        }
    }

    static EventFacts of(DomainEvent event, Envelope envelope) {
        EventType type = EventCatalog.of(event);
        Whose whose = Whose.of(event);
        return new EventFacts(event.eventId().value(), event.occurredAt(), effectiveAt(event),
                type.topic().topicName(), type.name(), event.subject(), requestId(event), grantId(event),
                text(whose.person()), text(whose.entitlement()), text(event.actorId()), reason(event), lifecycleKind(event),
                requestSource(event), revocationReason(event), envelope == null ? null : envelope.correlationId(),
                envelope == null ? null : envelope.causationId(), detailsJson(event));
    }

    /**
     * Each thread's generator for {@link #DETAILS}, kept from one event to the next: the same generator class and
     * settings {@code writeValueAsString} makes per call (its making was 7 % of the replay's applying thread in the
     * eighth round's profile), writing into a buffer emptied after each event, no separator between root values.
     */
    private static final ThreadLocal<DetailsWriter> WRITERS = new ThreadLocal<>();

    /** The event's fields as JSON, keys sorted at every level. */
    static String detailsJson(DomainEvent event) {
        DetailsWriter writer = WRITERS.get();
        if (writer == null) {
            writer = new DetailsWriter();
            WRITERS.set(writer);
        }
        try {
            return writer.write(event);
        } catch (IOException e) {
            WRITERS.remove(); // a generator left inside an unfinished value is not used again
            throw new IllegalArgumentException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        } catch (RuntimeException e) {
            WRITERS.remove();
            throw e;
        }
    }

    /** One generator over one growing character buffer. */
    private static final class DetailsWriter {
        private final CharArrayWriter text = new CharArrayWriter(1024);
        private final JsonGenerator generator;

        DetailsWriter() {
            try {
                generator = DETAILS.createGenerator(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            generator.setRootValueSeparator(null);
        }

        String write(DomainEvent event) throws IOException {
            text.reset();
            DETAILS.writeValue(generator, event);
            generator.flush();
            return text.toString();
        }
    }

    /** Details JSON read back as JSON-ready values, keys in their (sorted) written order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readDetails(String json) {
        try {
            return SORTED.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit details: " + json, e);
        }
    }

    /** The time the fact took effect: the grant, the expiry, the identity change's day; else when it happened. */
    private static Instant effectiveAt(DomainEvent event) {
        Instant stated = null;
        if (event instanceof AccessProvisioned provisioned) {
            stated = provisioned.grantedAt();
        } else if (event instanceof AccessExpired expired) {
            stated = expired.expiredAt();
        } else if (event instanceof IdentityEvent identity && identity.effectiveOn() != null) {
            stated = identity.effectiveOn().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return stated != null ? stated : event.occurredAt();
    }

    private static String requestId(DomainEvent event) {
        return event instanceof RequestScoped scoped ? text(scoped.requestId()) : null;
    }

    private static String grantId(DomainEvent event) {
        return event instanceof GrantKeyed grant ? text(grant.grantId()) : null;
    }

    /** Whose access, and to what: the person the access is for (or who changed in the directory), the item. */
    private record Whose(EmployeeId person, Entitlement entitlement) {
        static Whose of(DomainEvent event) {
            if (event instanceof GrantKeyed grant) {
                return new Whose(grant.employeeId(), grant.entitlement());
            } else if (event instanceof IdentityEvent identity) {
                return new Whose(identity.employeeId(), null);
            } else if (event instanceof RequestSubmitted submitted) {
                return new Whose(submitted.beneficiaryId(), submitted.entitlement());
            } else if (event instanceof AccessApproved approved) {
                return new Whose(approved.beneficiaryId(), approved.entitlement());
            } else if (event instanceof PolicyEvaluated evaluated) {
                return new Whose(evaluated.beneficiaryId(), evaluated.entitlement());
            }
            return new Whose(null, null);
        }
    }

    /** The why: the reason given, or for a revocation its reason (and the note of who asked for it). */
    private static String reason(DomainEvent event) {
        if (event instanceof AccessRevoked revoked) {
            return text(revoked.revocationReason());
        }
        if (event instanceof AccessRevocationRequested requested) {
            return requested.note() == null ? text(requested.revocationReason())
                    : requested.revocationReason() + ": " + requested.note();
        }
        return event.reason();
    }

    /** Hire, change of position, termination: the identity events an auditor tests joiners, movers, leavers on. */
    private static String lifecycleKind(DomainEvent event) {
        if (event instanceof EmployeeHired) {
            return "JOINER";
        }
        if (event instanceof EmployeeTransferred moved) {
            return moved.positionChanged() ? "MOVER" : null;
        }
        return event instanceof EmployeeTerminated ? "LEAVER" : null;
    }

    private static String requestSource(DomainEvent event) {
        return event instanceof RequestSubmitted submitted ? text(submitted.source()) : null;
    }

    private static String revocationReason(DomainEvent event) {
        if (event instanceof AccessRevoked revoked) {
            return text(revoked.revocationReason());
        }
        return event instanceof AccessRevocationRequested requested ? text(requested.revocationReason()) : null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
