package io.accessledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.accessledger.events.codec.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the published JSON Schema of every catalog type ({@code src/main/resources/schemas/<ce_type>.schema.json},
 * shipped in the jar beside the golden samples) to what {@link EventSchemas} derives from the records and the codec,
 * and checks the promise a producer outside Java relies on: an event valid against its schema is read by every
 * consumer. After an intended change, regenerate them with
 * {@code ./mvnw -pl shared-events test -Dschemas.write=true} and review the diff.
 */
class EventSchemaTest {
    private static final Path SCHEMAS = Path.of("src/main/resources/schemas");
    private static final ObjectMapper PLAIN = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true)
                    .build()));

    private final EventSchemas schemas = new EventSchemas();
    private final EventCodec codec = new EventCodec();

    static Stream<DomainEvent> samples() {
        return GoldenSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void thePublishedSchemaIsTheOneDerivedFromTheRecord(DomainEvent sample) throws IOException {
        EventType type = EventCatalog.of(sample);
        ObjectNode derived = schemas.schemaOf(type, sample);
        if (Boolean.getBoolean("schemas.write")) {
            Files.createDirectories(SCHEMAS);
            Files.writeString(SCHEMAS.resolve(type.ceType() + ".schema.json"),
                    PLAIN.writeValueAsString(derived) + "\n");
        }
        assertThat(published(type)).isEqualTo(derived);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void thePublishedSchemaIsAValidDraft202012Schema(DomainEvent sample) throws IOException {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(EventSchemas.DIALECT));
        assertThat(meta.validate(published(EventCatalog.of(sample)).toString(), InputFormat.JSON)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theGoldenSampleIsValidAgainstItsSchema(DomainEvent sample) throws IOException {
        EventType type = EventCatalog.of(sample);
        assertThat(schemaOf(type).validate(golden(type), InputFormat.JSON)).isEmpty();
    }

    /**
     * Every golden sample altered at every field, element and nested field — left out, null, other types, blank and
     * whitespace texts, texts that almost parse as ids, entitlements, instants, durations, dates and enum values,
     * numbers out of range, an unknown field — and each variant that the schema accepts must decode. The schema
     * must also refuse some of them: a schema that accepts everything would pass the first check alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void anEventValidAgainstItsSchemaDecodes(DomainEvent sample) throws IOException {
        EventType type = EventCatalog.of(sample);
        Schema schema = schemaOf(type);
        List<String> acceptedButUndecodable = new ArrayList<>();
        int[] counts = new int[2];
        variants((ObjectNode) PLAIN.readTree(golden(type)), variant -> {
            String text = variant.toString();
            boolean valid = schema.validate(text, InputFormat.JSON).isEmpty();
            counts[valid ? 0 : 1]++;
            if (valid && !decodes(type, text)) {
                acceptedButUndecodable.add(text);
            }
        });
        assertThat(acceptedButUndecodable).as("valid against the schema, refused by the codec").isEmpty();
        assertThat(counts[0]).as("variants accepted").isPositive();
        assertThat(counts[1]).as("variants refused").isGreaterThan(counts[0] / 4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void anEventWithoutItsIdItsKeyOrItsTimeIsRefused(DomainEvent sample) throws IOException {
        EventType type = EventCatalog.of(sample);
        Schema schema = schemaOf(type);
        JsonNode required = published(type).get("required");
        assertThat(required).extracting(JsonNode::asText).contains("eventId", "occurredAt");
        for (JsonNode name : required) {
            ObjectNode event = (ObjectNode) PLAIN.readTree(golden(type));
            event.remove(name.asText());
            assertThat(schema.validate(event.toString(), InputFormat.JSON)).as("without " + name).isNotEmpty();
        }
    }

    @Test
    void theSchemasRefuseWhatTheContractForbidsAndAcceptWhatItAllows() throws IOException {
        EventType submitted = EventCatalog.byCeType("accessledger.request.submitted.v1").orElseThrow();
        Schema schema = schemaOf(submitted);
        assertThat(valid(schema, submitted, "occurredAt", JSON.textNode("2026-11-02T10:15:30+01:00")))
                .as("an instant with an offset").isFalse();
        assertThat(valid(schema, submitted, "occurredAt", JSON.textNode("2026-02-30T09:15:30Z")))
                .as("a day February does not have").isFalse();
        assertThat(valid(schema, submitted, "occurredAt", JSON.textNode("2026-11-02T09:15:30.123456789Z")))
                .as("nanoseconds").isTrue();
        assertThat(valid(schema, submitted, "accessDuration", JSON.textNode("P1M"))).as("months").isFalse();
        assertThat(valid(schema, submitted, "accessDuration", JSON.textNode("PT36H"))).as("hours").isTrue();
        assertThat(valid(schema, submitted, "source", JSON.textNode("FAX"))).as("an unknown source").isFalse();
        assertThat(valid(schema, submitted, "requestId", JSON.textNode("\u2003"))).as("a blank id").isFalse();
        assertThat(valid(schema, submitted, "standardProfile", JSON.arrayNode().add("salesforce")))
                .as("an entitlement without a level").isFalse();
        assertThat(valid(schema, submitted, "standardProfile", JSON.arrayNode().add("wiki:edit:own")))
                .as("a level with a colon").isTrue();
        assertThat(valid(schema, submitted, "ticketRef", JSON.nullNode())).as("null is never written").isFalse();
        assertThat(valid(schema, submitted, "addedInAFutureMinorVersion", JSON.textNode("x")))
                .as("an unknown field").isTrue();
    }

    private static boolean valid(Schema schema, EventType type, String field, JsonNode value) throws IOException {
        ObjectNode event = (ObjectNode) PLAIN.readTree(golden(type));
        event.set(field, value);
        return schema.validate(event.toString(), InputFormat.JSON).isEmpty();
    }

    private boolean decodes(EventType type, String json) {
        try {
            codec.decode(type.ceType(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** Each altered copy of {@code event}, one alteration at a time, at every depth. */
    private static void variants(ObjectNode event, Consumer<JsonNode> each) {
        each.accept(event.deepCopy().put("addedInAFutureMinorVersion", 1));
        alter(event, event, each);
    }

    private static void alter(JsonNode root, JsonNode node, Consumer<JsonNode> each) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode original = object.get(name);
                object.remove(name);
                each.accept(root.deepCopy());
                for (JsonNode replacement : REPLACEMENTS) {
                    object.set(name, replacement);
                    each.accept(root.deepCopy());
                }
                object.set(name, original);
                alter(root, original, each);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode original = array.get(i);
                for (JsonNode replacement : REPLACEMENTS) {
                    array.set(i, replacement);
                    each.accept(root.deepCopy());
                }
                array.set(i, original);
                alter(root, original, each);
            }
        }
    }

    private static final List<JsonNode> REPLACEMENTS = replacements();

    private static List<JsonNode> replacements() {
        List<JsonNode> values = new ArrayList<>();
        values.add(JSON.nullNode());
        for (String text : List.of("", " ", "\u001C", "\u00A0", "\u2007", "\t\n", "x", "\uD800", "x:y", ":y", "x:",
                " :y", "x: ", "a b:c d", "0", "true", "2026-11-02", "2026-13-01", "2026-02-29", "2026-11-02T09:15:30Z",
                "2026-11-02T23:59:60Z", "2026-11-02T24:00:00Z", "2026-11-02T09:15:30+01:00", "2026-11-02t09:15:30z",
                "+12026-11-02T09:15:30Z", "P30D", "PT1H", "PT0.5S", "P1M", "P1W", "P", "PT", "P1DT", "-PT1H", "PT1.5H",
                "P9999999999999D", "REQUESTER", "LEAVER", "HIGH", "employee", "nonsense")) {
            values.add(JSON.textNode(text));
        }
        values.add(JSON.numberNode(0));
        values.add(JSON.numberNode(-1));
        values.add(JSON.numberNode(1.5));
        values.add(JSON.numberNode(2_147_483_648L));
        values.add(JSON.numberNode(new BigInteger("9223372036854775808")));
        values.add(JSON.booleanNode(true));
        values.add(JSON.arrayNode());
        values.add(JSON.arrayNode().add("x"));
        values.add(JSON.arrayNode().addNull());
        values.add(JSON.objectNode());
        values.add(JSON.objectNode().put("x", 1));
        return List.copyOf(values);
    }

    private static Schema schemaOf(EventType type) throws IOException {
        return REGISTRY.getSchema(published(type).toString(), InputFormat.JSON);
    }

    private static JsonNode published(EventType type) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream("/schemas/" + type.ceType()
                + ".schema.json")) {
            assertThat(in).as("published schema of " + type.ceType()).isNotNull();
            return PLAIN.readTree(in);
        }
    }

    private static String golden(EventType type) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream("/golden/" + type.ceType() + ".json")) {
            assertThat(in).as("golden sample of " + type.ceType()).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
