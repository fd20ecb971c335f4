package io.accessledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.codec.EventUpcaster;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.codec.UnknownEventTypeException;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.events.request.RequestWithdrawn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {
    private final EventCodec codec = new EventCodec();
    private final RequestWithdrawn withdrawn = new RequestWithdrawn(io.accessledger.events.ids.EventId.of("e-1"),
            GoldenSamples.REQUEST, GoldenSamples.ALICE, WithdrawalReason.byRequester("not needed"), GoldenSamples.AT);

    @Test
    void theRecordATypeDecodesToIsKnownFromTheTypeAloneThroughItsUpcasters() {
        assertThat(codec.javaTypeOf("accessledger.approval.access-approved.v1")).contains(AccessApproved.class);
        assertThat(codec.javaTypeOf("accessledger.request.withdrawn.v1")).contains(RequestWithdrawn.class);
        assertThat(codec.javaTypeOf("accessledger.request.escalated-to-board.v1")).isEmpty();
        assertThat(codec.javaTypeOf(null)).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnoredByTheTolerantReader() {
        String json = "{\"eventId\":\"e-1\",\"requestId\":\"R-7f3c9a2e\",\"withdrawnBy\":\"E1001\","
                + "\"withdrawal\":{\"code\":\"REQUESTER\",\"text\":\"not needed\",\"addedInV2dot1\":7},"
                + "\"occurredAt\":\"2026-11-02T09:15:30Z\",\"addedInV2dot1\":42}";
        assertThat(codec.decode("accessledger.request.withdrawn.v2", json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(withdrawn);
    }

    /** The golden sample of {@code type}, as an older producer wrote it: without {@code field}. */
    private <T extends DomainEvent> T goldenSampleWithout(Class<T> type, String field) throws Exception {
        DomainEvent sample = GoldenSamples.all().stream().filter(type::isInstance).findFirst().orElseThrow();
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(codec.encode(sample));
        json.remove(field);
        return type.cast(codec.decode(EventCatalog.of(sample).ceType(), EventJson.mapper().writeValueAsBytes(json)));
    }

    @Test
    void anEvaluationWrittenBeforeTheTaskDeadlineTravelledReadsWithTheDocumentDefault() throws Exception {
        PolicyEvaluated old = goldenSampleWithout(PolicyEvaluated.class, "taskDueAfter");
        assertThat(old.taskDueAfter()).isEqualTo(PolicyDocument.DEFAULT_TASK_DUE_AFTER).isEqualTo(Duration.ofDays(3));
        assertThat(old.reviewCadence()).isEqualTo(Duration.ofDays(180));
    }

    @Test
    void anApprovalWithoutAReviewCadenceReadsWithTheDocumentsDefaultYear() throws Exception {
        assertThat(goldenSampleWithout(AccessApproved.class, "reviewCadence").reviewCadence())
                .isEqualTo(PolicyDocument.DEFAULT_REVIEW_CADENCE).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void garbageIsUndecodableWithAReason() {
        assertThatThrownBy(() -> codec.decode("accessledger.request.withdrawn.v1", "{{not json".getBytes()))
                .isInstanceOf(UndecodableEventException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> codec.decode("accessledger.request.exploded.v1", "{}".getBytes()))
                .isInstanceOf(UndecodableEventException.class).hasMessageContaining("unknown ce_type");
        assertThatThrownBy(() -> codec.decode("accessledger.request.withdrawn.v1", "{\"reason\":\"x\"}".getBytes()))
                .isInstanceOf(UndecodableEventException.class);
    }

    @Test
    void aTypeReadAgainThroughItsKeptReaderDecodesAndRefusesAsTheFirstTime() throws Exception {
        int samples = 0;
        EventCodec shared = new EventCodec(); // keeps a reader per type from one type to the next
        for (EventType type : EventCatalog.all()) {
            byte[] golden;
            try (var in = getClass().getClassLoader().getResourceAsStream("golden/" + type.ceType() + ".json")) {
                if (in == null) {
                    continue;
                }
                golden = in.readAllBytes();
            }
            Object first = decodedOrRefusal(new EventCodec(), type.ceType(), golden);
            assertThat(decodedOrRefusal(shared, type.ceType(), golden)).as(type.ceType()).isEqualTo(first);
            assertThat(decodedOrRefusal(shared, type.ceType(), golden)).as(type.ceType()).isEqualTo(first);
            if (first instanceof DomainEvent) {
                assertThat(first).isEqualTo(EventJson.mapper().readValue(golden, type.javaType()));
                samples++;
            }
            for (String bad : List.of("{\"eventId\": 7, \"occurredAt\": []}", "{}", "{\"occurredAt\": \"yesterday\"}",
                    "[1]", "{{", " {\"eventId\": \"e-1\"")) {
                byte[] value = bad.getBytes(StandardCharsets.UTF_8);
                assertThat(decodedOrRefusal(shared, type.ceType(), value)).as(type.ceType() + " " + bad)
                        .isEqualTo(decodedOrRefusal(new EventCodec(), type.ceType(), value));
                var mapper = EventJson.mapper();
                assertThat(readOrFailure(() -> mapper.readerFor(type.javaType()).readValue(value)))
                        .as("the reader reads what the mapper reads: " + type.ceType() + " " + bad)
                        .isEqualTo(readOrFailure(() -> mapper.readValue(value, type.javaType())));
            }
        }
        assertThat(samples).isGreaterThan(40);
    }

    private static Object readOrFailure(java.util.concurrent.Callable<Object> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

    private static Object decodedOrRefusal(EventCodec codec, String ceType, byte[] value) {
        try {
            return codec.decode(ceType, value);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void aWellFormedTypeThisBuildDoesNotKnowIsUnknownNotGarbage() {
        assertThatThrownBy(() -> codec.decode("accessledger.review.attestation-filed.v1", "{}".getBytes()))
                .isInstanceOf(UnknownEventTypeException.class).hasMessageContaining("newer producer");
        assertThatThrownBy(() -> codec.decode("accessledger.request.submitted.v9", "{}".getBytes()))
                .isInstanceOf(UnknownEventTypeException.class);
        assertThatThrownBy(() -> codec.decode("com.example.Exploded", "{}".getBytes()))
                .isInstanceOf(UndecodableEventException.class).isNotInstanceOf(UnknownEventTypeException.class);
        assertThatThrownBy(() -> codec.decode(null, "{}".getBytes()))
                .isInstanceOf(UndecodableEventException.class).isNotInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void anOldTypeVersionIsUpcastBeforeDecoding() {
        EventUpcaster fromV0 = new EventUpcaster() {
            public String fromType() {
                return "accessledger.request.withdrawn.v0";
            }

            public String toType() {
                return "accessledger.request.withdrawn.v1";
            }

            public ObjectNode upcast(ObjectNode json) {
                json.set("withdrawnBy", json.remove("by"));
                return json;
            }
        };
        String v0 = "{\"eventId\":\"e-1\",\"requestId\":\"R-7f3c9a2e\",\"by\":\"E1001\","
                + "\"reason\":\"not needed\",\"occurredAt\":\"2026-11-02T09:15:30Z\"}";
        // v0 → v1 (this test's upcaster) → v2 (the catalog's): upcasters chain until the current version.
        List<EventUpcaster> all = new ArrayList<>(EventCatalog.upcasters());
        all.add(fromV0);
        assertThat(new EventCodec(all).decode("accessledger.request.withdrawn.v0", v0.getBytes()))
                .isEqualTo(withdrawn);
    }

    @Test
    void theEnvelopeCarriesStableBusinessNamesNotJavaClassNames() {
        Map<String, String> headers = Envelope.of(withdrawn, "request-service", "R-7f3c9a2e", null, null).toHeaders();
        assertThat(headers).containsEntry(CloudEventHeaders.TYPE, "accessledger.request.withdrawn.v2")
                .containsEntry(CloudEventHeaders.ID, "e-1")
                .containsEntry(CloudEventHeaders.SOURCE, "/accessledger/request-service")
                .containsEntry(CloudEventHeaders.SUBJECT, "R-7f3c9a2e")
                .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                .containsEntry(CloudEventHeaders.TIME, "2026-11-02T09:15:30Z")
                .doesNotContainKey(CloudEventHeaders.CAUSATION_ID);
        for (EventType type : EventCatalog.all()) {
            assertThat(type.ceType()).startsWith("accessledger.").doesNotContain(type.javaType().getSimpleName())
                    .matches("[a-z.\\-]+\\.v\\d+");
            assertThat(type.ceType()).contains("." + type.topic().name().toLowerCase() + ".");
        }
    }

    @Test
    void anEnvelopeWithoutRequiredHeadersIsUndecodable() {
        Map<String, String> headers = new HashMap<>(Envelope.of(withdrawn, "request-service", null, null, null)
                .toHeaders());
        headers.remove(CloudEventHeaders.TYPE);
        assertThatThrownBy(() -> Envelope.fromHeaders(headers::get)).isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("ce_type");
        assertThat(Envelope.fromHeaders(Envelope.of(withdrawn, "x", "c", "k", null).toHeaders()::get).causationId())
                .isEqualTo("k");
    }
}
