package io.accessledger.events;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Entitlement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the JSON Schema (draft 2020-12) of each catalog type from what the codec itself reads and writes: the
 * properties Jackson finds on the record, their Java types, and, for the values with a text form of their own
 * (ids, entitlements, instants, durations), the texts their parsers accept. A schema is as strict as the codec or
 * stricter, never looser: an event valid against its schema decodes ({@link EventSchemaTest} checks this on
 * thousands of altered golden samples).
 *
 * <p>{@code required} holds what the codec refuses an event without ({@code EventCodec}'s check): its
 * {@code eventId} (the {@code ce_id}), its {@code occurredAt} (the {@code ce_time}) and the field its Kafka key is
 * taken from, not blank. A
 * producer leaves out a field it does not know ({@code null} is never written), and a reader ignores fields it does
 * not know (the contract's additive changes), so objects stay open.
 */
final class EventSchemas {
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    /** Java's {@link String#isBlank} whitespace, spelled out so that Java's and ECMA-262's regular expressions agree. */
    private static final String JAVA_WHITESPACE =
            "\\t\\n\\u000B\\f\\r \\u001C-\\u001F\\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000";
    /** A text with at least one character that is not whitespace ({@code Ids.requireText}). */
    static final String NOT_BLANK = "[^" + JAVA_WHITESPACE + "]";
    /** {@code resource:level}: a resource without ':' and a level, neither blank ({@link Entitlement#parse}). */
    static final String ENTITLEMENT = "^[^:]*[^:" + JAVA_WHITESPACE + "][^:]*:[\\s\\S]*[^" + JAVA_WHITESPACE
            + "][\\s\\S]*$";
    /** {@link Instant#toString}'s form in UTC, without leap seconds (what {@code InstantText} reads directly). */
    static final String INSTANT = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
            + "(\\.[0-9]{1,9})?Z$";
    /** A non-negative ISO-8601 duration in days, hours, minutes and seconds ({@link Duration#parse}). */
    static final String DURATION = "^P(?=[0-9T])([0-9]{1,9}D)?(T(?=[0-9])([0-9]{1,9}H)?([0-9]{1,9}M)?"
            + "([0-9]{1,9}(\\.[0-9]{1,9})?S)?)?$";
    static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /** The values with a text form of their own, each a definition of its own in the schemas that use it. */
    private static final Map<Class<?>, ObjectNode> TEXT_FORMS = textForms();

    private static Map<Class<?>, ObjectNode> textForms() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Map<Class<?>, ObjectNode> forms = new java.util.HashMap<>();
        for (Class<?> id : List.of(EventId.class, RequestId.class, GrantId.class, EmployeeId.class, TaskId.class)) {
            forms.put(id, json.objectNode().put("type", "string").put("pattern", NOT_BLANK)
                    .put("description", "An id: any text that is not blank."));
        }
        forms.put(Entitlement.class, json.objectNode().put("type", "string").put("pattern", ENTITLEMENT)
                .put("description", "resource:level, the resource without ':'; neither blank."));
        forms.get(Entitlement.class).putArray("examples").add("salesforce:edit");
        forms.put(Instant.class, json.objectNode().put("type", "string").put("format", "date-time")
                .put("pattern", INSTANT).put("description", "An instant in UTC, RFC 3339 with 'Z', no leap second."));
        forms.put(Duration.class, json.objectNode().put("type", "string").put("format", "duration")
                .put("pattern", DURATION)
                .put("description", "ISO-8601 in days, hours, minutes and seconds (P30D, PT36H); no months or years."));
        forms.put(LocalDate.class, json.objectNode().put("type", "string").put("format", "date")
                .put("pattern", DATE).put("description", "A calendar day, YYYY-MM-DD."));
        return Map.copyOf(forms);
    }

    private final ObjectMapper mapper = EventJson.mapper();
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    /** The schema of one catalog type, whose golden sample shows which field its key is taken from. */
    ObjectNode schemaOf(EventType type, DomainEvent sample) {
        Map<String, ObjectNode> definitions = new TreeMap<>();
        ObjectNode schema = json.objectNode();
        schema.put("$schema", DIALECT);
        schema.put("$id", "urn:accessledger:event:" + type.ceType());
        schema.put("title", type.name());
        schema.put("description", type.name() + " (ce_type " + type.ceType() + "), published on "
                + type.topic().topicName() + ". Fields a producer does not know are left out; readers ignore "
                + "fields they do not know.");
        ObjectNode body = objectOf(type.javaType(), definitions);
        schema.setAll(body);
        ArrayNode required = schema.putArray("required");
        for (String name : requiredOf(sample)) {
            if (!body.path("properties").has(name)) {
                throw new IllegalStateException(type.name() + " has no property " + name);
            }
            required.add(name);
            ObjectNode property = (ObjectNode) body.path("properties").path(name);
            if ("string".equals(property.path("type").asText()) && !property.has("pattern")) {
                property.put("pattern", NOT_BLANK); // the codec refuses an event whose key is blank
            }
        }
        if (!definitions.isEmpty()) {
            schema.putObject("$defs").setAll(definitions);
        }
        return schema;
    }

    /**
     * The envelope's fields: the event's id and time, and the field its Kafka key ({@link DomainEvent#subject()}) is
     * taken from — the one top-level field of the type's golden sample whose text is the sample's subject.
     */
    private Set<String> requiredOf(DomainEvent sample) {
        ObjectNode encoded = mapper.valueToTree(sample);
        List<String> keys = new ArrayList<>();
        encoded.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual() && field.getValue().asText().equals(sample.subject())) {
                keys.add(field.getKey());
            }
        });
        if (keys.size() > 1) {
            throw new IllegalStateException(sample.getClass().getSimpleName() + "'s key field is one of " + keys
                    + ": give its golden sample distinct values");
        }
        Set<String> required = new LinkedHashSet<>(List.of("eventId"));
        required.addAll(keys); // none for a key that is no field (PolicyPublished's constant "policy")
        required.add("occurredAt");
        return required;
    }

    private ObjectNode objectOf(Class<?> type, Map<String, ObjectNode> definitions) {
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        ObjectNode object = json.objectNode();
        object.put("type", "object");
        ObjectNode properties = object.putObject("properties");
        for (BeanPropertyDefinition property : description.findProperties()) {
            properties.set(property.getName(), valueOf(property.getPrimaryType(), definitions));
        }
        return object;
    }

    private ObjectNode valueOf(JavaType type, Map<String, ObjectNode> definitions) {
        Class<?> raw = type.getRawClass();
        ObjectNode value = json.objectNode();
        if (raw == String.class) {
            value.put("type", "string");
        } else if (raw == Boolean.class || raw == boolean.class) {
            value.put("type", "boolean");
        } else if (raw == Integer.class || raw == int.class) {
            value.put("type", "integer").put("minimum", Integer.MIN_VALUE).put("maximum", Integer.MAX_VALUE);
        } else if (raw == Long.class || raw == long.class) {
            value.put("type", "integer").put("minimum", Long.MIN_VALUE).put("maximum", Long.MAX_VALUE);
        } else if (TEXT_FORMS.containsKey(raw)) {
            String name = raw.getSimpleName();
            definitions.computeIfAbsent(name, unused -> TEXT_FORMS.get(raw).deepCopy());
            value.put("$ref", "#/$defs/" + name);
        } else if (raw.isEnum()) {
            ArrayNode names = value.put("type", "string").putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                names.add(mapper.valueToTree(constant).asText());
            }
        } else if (type.isCollectionLikeType() || type.isArrayType()) {
            value.put("type", "array");
            value.set("items", valueOf(type.getContentType(), definitions));
        } else if (type.isMapLikeType()) {
            value.put("type", "object");
            JavaType key = type.getKeyType();
            if (key.isEnumType()) {
                value.set("propertyNames", valueOf(key, definitions));
            } else if (key.getRawClass() != String.class) {
                throw new IllegalStateException("no schema for map keys of " + key);
            }
            value.set("additionalProperties", valueOf(type.getContentType(), definitions));
        } else if (raw.isRecord()) {
            String name = definitionName(raw);
            if (!definitions.containsKey(name)) {
                definitions.put(name, json.objectNode()); // a placeholder, for a record that refers to itself
                definitions.put(name, objectOf(raw, definitions));
            }
            value.put("$ref", "#/$defs/" + name);
        } else {
            throw new IllegalStateException("no schema for " + type + ": add its text form to EventSchemas");
        }
        return value;
    }

    /** {@code PolicyDocument.Resource} for a nested record: unique within the contract's packages. */
    private static String definitionName(Class<?> type) {
        String name = type.getSimpleName();
        for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            name = outer.getSimpleName() + "." + name;
        }
        return name;
    }
}
