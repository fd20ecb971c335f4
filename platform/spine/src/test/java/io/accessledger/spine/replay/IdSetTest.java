package io.accessledger.spine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-memory dedupe's set: exact on every id, whether kept as two longs (a canonical UUID) or as text. */
class IdSetTest {
    @Test
    void holdsEveryIdAddedAndNoOtherAcrossGrowth() {
        IdSet ids = new IdSet();
        Set<String> expected = new HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            String id = i % 7 == 0 ? "evt-" + i : new UUID(i * 0x9E3779B97F4A7C15L, ~i).toString();
            assertThat(ids.add(id)).isTrue();
            expected.add(id);
        }
        for (long i = 0; i < 200_000; i++) {
            String id = i % 7 == 0 ? "evt-" + i : new UUID(i * 0x9E3779B97F4A7C15L, ~i).toString();
            assertThat(ids.contains(id)).isTrue();
            assertThat(ids.add(id)).as("a second delivery").isFalse();
            assertThat(ids.contains(new UUID(i * 0x9E3779B97F4A7C15L, i).toString())).isFalse();
        }
        assertThat(expected).hasSize(200_000);
    }

    @Test
    void aUuidInAnotherSpellingIsAnotherId() {
        IdSet ids = new IdSet();
        String lower = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assertThat(ids.add(lower)).isTrue();
        assertThat(ids.contains(lower.toUpperCase())).isFalse();
        assertThat(ids.add(lower.toUpperCase())).isTrue();
        assertThat(ids.contains("f8fad5b-d9cb-469f-a165-70867728950e")).isFalse();
        assertThat(IdSet.uuid("0f8fad5b-d9cb-469f-a165-70867728950g")).isNull();
        assertThat(IdSet.uuid(lower)).containsExactly(UUID.fromString(lower).getMostSignificantBits(),
                UUID.fromString(lower).getLeastSignificantBits());
    }

    @Test
    void theAllZeroUuidIsHeldThoughItLooksLikeAnEmptySlot() {
        IdSet ids = new IdSet();
        String zero = new UUID(0, 0).toString();
        assertThat(ids.contains(zero)).isFalse();
        assertThat(ids.add(zero)).isTrue();
        assertThat(ids.contains(zero)).isTrue();
        assertThat(ids.add(zero)).isFalse();
    }
}
