package io.accessledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.EventUpcaster;
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
 * {@code ./mvnw -pl shared-events test -Dgolden.write=true} and review the diff. The samples of old versions still
 * read ({@link EventCatalog#upcasters()}) stay as they were written and must read as the current samples.
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

    static Stream<EventUpcaster> upcasters() {
        return EventCatalog.upcasters().stream();
    }

    /**
     * An old version's golden sample ({@code <old ce_type>.json}, pinned as the old producers wrote it, never
     * regenerated) reads, through the upcasters, as the current version's sample: both carry the same facts.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("upcasters")
    void theGoldenSampleOfAnOldVersionDecodesToTheCurrentSample(EventUpcaster upcaster) throws IOException {
        byte[] old = golden(upcaster.fromType(), in -> in.readAllBytes());
        DomainEvent decoded = codec.decode(upcaster.fromType(), old);
        DomainEvent current = GoldenSamples.all().stream().filter(sample -> sample.getClass() == decoded.getClass())
                .findFirst().orElseThrow();
        assertThat(decoded).isEqualTo(current)
                .isEqualTo(codec.decode(EventCatalog.of(current).ceType(),
                        golden(EventCatalog.of(current).ceType(), in -> in.readAllBytes())));
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
