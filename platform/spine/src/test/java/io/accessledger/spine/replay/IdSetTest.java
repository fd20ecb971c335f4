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

    /**
     * A batch's ids added after {@link IdSet#begin} and taken out by {@link IdSet#undo} (its transaction rolled back):
     * the set is what it was — every id held before still found, though the batch's ids sat in the same runs of the
     * table, none of the batch's held — whether the table grew meanwhile or not; and {@link IdSet#keep} keeps them.
     */
    @Test
    void aBatchTakenOutLeavesTheSetAsItWasWithOrWithoutGrowthAndAKeptOneStays() {
        for (int batch : new int[] {300, 5_000}) { // the table (2,457 ids before it grows) grows in the second only
            IdSet ids = new IdSet();
            for (long i = 0; i < 2_000; i++) {
                assertThat(ids.add(id(i))).isTrue();
            }
            ids.begin();
            for (long i = 1_990; i < 2_000 + batch; i++) { // the first ten held already
                assertThat(ids.add(id(i))).isEqualTo(i >= 2_000);
            }
            assertThat(ids.add(new UUID(0, 0).toString())).isTrue();
            ids.undo();
            for (long i = 0; i < 2_000; i++) {
                assertThat(ids.contains(id(i))).as("id %d of before, batch of %d", i, batch).isTrue();
            }
            for (long i = 2_000; i < 2_000 + batch; i++) {
                assertThat(ids.contains(id(i))).as("id %d of the batch of %d", i, batch).isFalse();
            }
            assertThat(ids.contains(new UUID(0, 0).toString())).isFalse();
            ids.begin();
            for (long i = 2_000; i < 2_000 + batch; i++) {
                assertThat(ids.add(id(i))).isTrue();
            }
            ids.keep();
            for (long i = 0; i < 2_000 + batch; i++) {
                assertThat(ids.contains(id(i))).isTrue();
                assertThat(ids.add(id(i))).isFalse();
            }
        }
    }

    /** Every seventh id not a UUID (held as text), the others canonical UUIDs. */
    private static String id(long i) {
        return i % 7 == 0 ? "evt-" + i : new UUID(i * 0x9E3779B97F4A7C15L, ~i).toString();
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
