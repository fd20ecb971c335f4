package io.accessledger.audit.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's {@code details} must stay byte for byte what earlier versions wrote: exports of two replays are
 * compared byte for byte ({@code AuditEvidenceSystemTest}), and an auditor compares exports across versions. Pinned
 * here: the details of every event type's golden sample as written before they were written straight from the record
 * ({@code details-of-golden-samples.txt}), and, for every sample with each optional field left out in turn, the
 * earlier way of writing them (the event turned into a map, then written with keys sorted).
 */
class EventFactsDetailsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How details were written before: through a map, keys sorted at every level. */
    private static final ObjectMapper THROUGH_A_MAP = EventJson.mapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final EventCodec codec = new EventCodec();

    @Test
    void detailsOfEveryGoldenSampleAreTheBytesWrittenBefore() throws IOException {
        Map<String, String> pinned = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("details-of-golden-samples.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                pinned.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        assertThat(pinned.keySet()).as("every event type is pinned")
                .containsExactlyInAnyOrderElementsOf(EventCatalog.all().stream().map(EventType::ceType).toList());
        for (Map.Entry<String, String> entry : pinned.entrySet()) {
            assertThat(EventFacts.detailsJson(golden(entry.getKey()))).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void detailsWithOptionalFieldsLeftOutAreWhatTheMapGave() throws IOException {
        int compared = 0;
        for (EventType type : EventCatalog.all()) {
            ObjectNode sample = goldenJson(type.ceType());
            List<String> fields = new ArrayList<>();
            sample.fieldNames().forEachRemaining(fields::add);
            for (String left : fields) {
                ObjectNode without = sample.deepCopy();
                without.remove(left);
                DomainEvent event;
                try {
                    event = codec.decode(type.ceType(), JSON.writeValueAsBytes(without));
                } catch (RuntimeException required) {
                    continue; // a field the type cannot do without
                }
                assertThat(EventFacts.detailsJson(event)).as(type.ceType() + " without " + left)
                        .isEqualTo(THROUGH_A_MAP.writeValueAsString(THROUGH_A_MAP.convertValue(event, Map.class)));
                compared++;
            }
        }
        assertThat(compared).as("samples compared").isGreaterThan(EventCatalog.all().size());
    }

    @Test
    void detailsWrittenOneAfterAnotherOnOneThreadAreEachWhatAWriterOfItsOwnGives() throws IOException {
        com.fasterxml.jackson.databind.ObjectWriter fresh = ((com.fasterxml.jackson.databind.json.JsonMapper)
                EventJson.mapper()).rebuild()
                .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(com.fasterxml.jackson.databind.MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build().writer();
        List<DomainEvent> samples = new ArrayList<>();
        for (EventType type : EventCatalog.all()) {
            samples.add(golden(type.ceType()));
        }
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < 2_000; i++) { // every type, in any order, repeated: nothing carried from one to the next
            DomainEvent event = samples.get(random.nextInt(samples.size()));
            assertThat(EventFacts.detailsJson(event)).as(event.getClass().getSimpleName())
                    .isEqualTo(fresh.writeValueAsString(event));
        }
    }

    private DomainEvent golden(String ceType) throws IOException {
        return codec.decode(ceType, JSON.writeValueAsBytes(goldenJson(ceType)));
    }

    private static ObjectNode goldenJson(String ceType) throws IOException {
        try (InputStream in = EventFactsDetailsTest.class.getClassLoader()
                .getResourceAsStream("golden/" + ceType + ".json")) {
            JsonNode node = JSON.readTree(in);
            return (ObjectNode) node;
        }
    }
}
