package io.accessledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.accessledger.events.codec.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the wire form of every event type to a golden JSON file ({@code src/main/resources/golden/<ce_type>.json},
 * shipped in the jar for consumer contract tests). After an intended, additive change, regenerate them with
 * {@code ./mvnw -pl shared-events test -Dgolden.write=true} and review the diff.
 */
class GoldenSampleTest {
    private static final Path GOLDEN = Path.of("src/main/resources/golden");
    private final EventCodec codec = new EventCodec();
    private final ObjectMapper plain = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Stream<DomainEvent> samples() {
        return GoldenSamples.all().stream();
    }

    @Test
    void everyCatalogTypeHasExactlyOneGoldenSample() {
        Map<EventType, Long> perType = GoldenSamples.all().stream()
                .collect(Collectors.groupingBy(EventCatalog::of, Collectors.counting()));
        assertThat(perType.keySet()).containsExactlyInAnyOrderElementsOf(EventCatalog.all());
        assertThat(perType.values()).allMatch(count -> count == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void encodingMatchesTheGoldenSample(DomainEvent sample) throws IOException {
        String ceType = EventCatalog.of(sample).ceType();
        JsonNode encoded = plain.readTree(codec.encode(sample));
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(GOLDEN.resolve(ceType + ".json"), plain.writeValueAsString(encoded) + "\n");
        }
        assertThat(encoded).isEqualTo(golden(ceType, plain::readTree));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theGoldenSampleDecodesToTheSameEvent(DomainEvent sample) throws IOException {
        String ceType = EventCatalog.of(sample).ceType();
        byte[] json = golden(ceType, in -> in.readAllBytes());
        assertThat(codec.decode(ceType, json)).isEqualTo(sample);
    }

    private interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T golden(String ceType, Reader<T> reader) throws IOException {
        try (InputStream in = GoldenSampleTest.class.getResourceAsStream("/golden/" + ceType + ".json")) {
            assertThat(in).as("golden sample for " + ceType).isNotNull();
            return reader.read(in);
        }
    }

}
