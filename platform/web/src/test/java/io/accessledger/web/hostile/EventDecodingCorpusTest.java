package io.accessledger.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.EventUpcaster;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.codec.UnknownEventTypeException;
import io.accessledger.events.envelope.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event deserializer of the suite — {@link Envelope#fromHeaders} and {@link EventCodec#decode} for every
 * catalog type and every old version still read — fed a generated corpus of mangled values and headers, built from
 * the golden samples that shared-events ships. A consumer can only route what fails with
 * {@link UndecodableEventException} or {@link UnknownEventTypeException} to the dead-letter topic
 * ({@code InboundListeners}); any other exception type would be retried as if the broker were at fault, and a record
 * decoded with a null where the contract requires a value would fail later, inside a handler, far from its cause.
 */
class EventDecodingCorpusTest {
    private final EventCodec codec = new EventCodec();

    static Stream<String> ceTypes() {
        return Stream.concat(EventCatalog.all().stream().map(EventType::ceType),
                EventCatalog.upcasters().stream().map(EventUpcaster::fromType));
    }

    /** Mangled values of every type: decoded completely, or refused with one of the two refusals. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ceTypes")
    void aMangledValueIsDecodedCompletelyOrRefusedAsUndecodable(String ceType) throws IOException {
        String golden = golden(ceType);
        List<String> problems = new ArrayList<>();
        List<HostileInputs.Case> corpus = new ArrayList<>(HostileInputs.malformedBodies());
        corpus.addAll(HostileInputs.mutationsOf(golden, HostileInputs.seed() ^ ceType.hashCode(),
                HostileInputs.cases() * 3));
        for (HostileInputs.Case bad : corpus) {
            problems.addAll(decodeOrRefuse(ceType, bad));
        }
        assertThat(problems).as("what %s's decoder did with bad values", ceType).isEmpty();
    }

    private List<String> decodeOrRefuse(String ceType, HostileInputs.Case bad) {
        DomainEvent event;
        try {
            event = codec.decode(ceType, bad.body());
        } catch (UndecodableEventException refused) { // UnknownEventTypeException is one too {
            return List.of();
        } catch (RuntimeException | StackOverflowError other) {
            return List.of(bad.name() + " threw " + other);
        }
        return missingRequiredValues(event).stream().map(field -> bad.name() + " decoded with " + field
                + " null").toList();
    }

    /**
     * What a decoded event must have whatever else it lacks: its id ({@code ce_id}, the consumers' dedupe key), its
     * time, and its subject (the Kafka key, the aggregate it is about). The contract marks no other field optional
     * or required (absent fields are left out and old versions lack newer ones), so this is what can be demanded.
     */
    static List<String> missingRequiredValues(DomainEvent event) {
        List<String> missing = new ArrayList<>();
        if (event.eventId() == null) {
            missing.add("eventId");
        }
        if (event.occurredAt() == null) {
            missing.add("occurredAt");
        }
        try {
            if (event.subject() == null || event.subject().isBlank()) {
                missing.add("subject");
            }
        } catch (RuntimeException e) {
            missing.add("subject (" + e + ")");
        }
        return missing;
    }

    /** Every golden sample decodes with all its required values: the check above accepts what is right. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ceTypes")
    void everyGoldenSampleDecodesWithAllItsRequiredValues(String ceType) throws IOException {
        DomainEvent event = codec.decode(ceType, golden(ceType).getBytes(StandardCharsets.UTF_8));
        assertThat(missingRequiredValues(event)).isEmpty();
    }

    /** Mangled CloudEvents headers: the envelope is read completely or refused as undecodable. */
    @Test
    void mangledCloudEventsHeadersAreRefusedAsUndecodable() {
        Map<String, String> valid = new Envelope("00000000-0000-4000-8000-000000000001", "/accessledger/test",
                "accessledger.request.revised.v1", java.time.Instant.parse("2026-11-02T09:15:30Z"), "R-1", "R-1",
                null, null).toHeaders();
        SplittableRandom random = new SplittableRandom(HostileInputs.seed());
        List<String> names = new ArrayList<>(valid.keySet());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < HostileInputs.cases() * 10; i++) {
            Map<String, String> headers = new HashMap<>(valid);
            String name = names.get(random.nextInt(names.size()));
            String change;
            if (random.nextInt(3) == 0) {
                headers.remove(name);
                change = name + " removed";
            } else {
                String nasty = HostileInputs.NASTY_STRINGS.get(random.nextInt(HostileInputs.NASTY_STRINGS.size()));
                headers.put(name, nasty);
                change = name + " = nasty #" + HostileInputs.NASTY_STRINGS.indexOf(nasty);
            }
            try {
                Envelope envelope = Envelope.fromHeaders(headers::get);
                if (envelope.id() == null || envelope.type() == null || envelope.time() == null
                        || envelope.source() == null) {
                    problems.add(change + " read as an envelope without id, type, time or source");
                }
            } catch (UndecodableEventException refused) {
                // what a consumer dead-letters
            } catch (RuntimeException other) {
                problems.add(change + " threw " + other);
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * The check itself reports an event without its subject (the test above could not fail otherwise), and the codec
     * refuses such a value: a request event without its {@code requestId} cannot be keyed, deduped per request or
     * applied to any read model.
     */
    @Test
    void anEventWithoutItsSubjectIsReportedAndRefused() throws IOException {
        String ceType = "accessledger.request.revised.v1";
        DomainEvent complete = codec.decode(ceType, golden(ceType).getBytes(StandardCharsets.UTF_8));
        assertThat(missingRequiredValues(complete)).isEmpty();
        assertThat(missingRequiredValues(new io.accessledger.events.request.RequestRevised(complete.eventId(), null,
                null, null, null, null, complete.occurredAt()))).singleElement().asString().startsWith("subject (java.lang.NullPointerException");
        String withoutRequestId = golden(ceType).replaceAll("\"requestId\"\\s*:\\s*\"[^\"]*\",", "");
        assertThat(withoutRequestId).doesNotContain("requestId");
        assertThatThrownBy(() -> codec.decode(ceType, withoutRequestId.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecodableEventException.class).hasMessageContaining("subject");
    }

    private static String golden(String ceType) throws IOException {
        try (InputStream in = EventDecodingCorpusTest.class.getResourceAsStream("/golden/" + ceType + ".json")) {
            if (in == null) {
                fail("no golden sample for " + ceType);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
