package io.accessledger.spine.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of event ids held in memory, exact: an id in the canonical lowercase UUID form (what the outbox writes) is kept
 * as its two longs in an open-addressing table (16 bytes a slot, at most 60 % full), any other id as itself. About
 * 27 bytes per UUID id, so 10,000,000 ids take about 270 MB. What is added between {@link #begin} and {@link #keep}
 * can be taken out again ({@link #undo}): a replay adds a batch's ids as it applies them and keeps them once its
 * transaction commits.
 */
final class IdSet {
    private long[] table = new long[2 << 12]; // pairs {high, low}; {0, 0} is an empty slot
    private int size;
    private boolean hasZero; // the id 00000000-0000-0000-0000-000000000000, which an empty slot cannot hold
    private final Set<String> others = new HashSet<>();
    /**
     * What {@link #add} added since {@link #begin}, for {@link #undo}: the UUIDs' pairs in order, the other ids, and
     * whether the zero id was among them; and whether the table grew meanwhile. Not kept outside begin and
     * {@link #keep}.
     */
    private boolean journaling;
    private long[] addedPairs = new long[0];
    private int addedCount;
    private final List<String> addedOthers = new ArrayList<>();
    private boolean addedZero;
    private boolean grew;

    boolean contains(String id) {
        return contains(id, uuid(id));
    }

    /** {@link #contains(String)} of an id already read as {@link #uuid}{@code (id)}, so that it is read once. */
    boolean contains(String id, long[] uuid) {
        if (uuid == null) {
            return others.contains(id);
        }
        if (uuid[0] == 0 && uuid[1] == 0) {
            return hasZero;
        }
        int slot = slot(table, uuid[0], uuid[1]);
        return table[slot] != 0 || table[slot + 1] != 0;
    }

    /** Adds the id; {@code false} if it was there already. */
    boolean add(String id) {
        return add(id, uuid(id));
    }

    /** {@link #add(String)} of an id already read as {@link #uuid}{@code (id)}. */
    boolean add(String id, long[] uuid) {
        if (uuid == null) {
            boolean added = others.add(id);
            if (added && journaling) {
                journal(id, null);
            }
            return added;
        }
        if (uuid[0] == 0 && uuid[1] == 0) {
            boolean added = !hasZero;
            hasZero = true;
            if (added && journaling) {
                journal(id, uuid);
            }
            return added;
        }
        int slot = slot(table, uuid[0], uuid[1]);
        if (table[slot] != 0 || table[slot + 1] != 0) {
            return false;
        }
        table[slot] = uuid[0];
        table[slot + 1] = uuid[1];
        if (journaling) {
            journal(id, uuid);
        }
        if (++size > table.length / 2 * 6 / 10) {
            grow();
        }
        return true;
    }

    /**
     * From here on, what {@link #add} adds can be taken out again by {@link #undo} (until {@link #keep}): a batch's
     * ids are added as the batch is applied, one look-up each, and taken out if its transaction rolls back.
     */
    void begin() {
        journaling = true;
        addedCount = 0;
        addedOthers.clear();
        addedZero = false;
        grew = false;
    }

    /** What was added since {@link #begin} stays. */
    void keep() {
        journaling = false;
        addedOthers.clear();
    }

    /**
     * Takes out what was added since {@link #begin}: the set is what it was then. Linear probing without removals
     * puts each id in the first empty slot of its run, so emptying the slots in the reverse order of their filling
     * gives back the table as it was; if the table grew meanwhile (its slots moved), it is filled again without them.
     */
    void undo() {
        if (!journaling) {
            throw new IllegalStateException("undo without begin");
        }
        journaling = false;
        addedOthers.forEach(others::remove);
        addedOthers.clear();
        if (addedZero) {
            hasZero = false;
        }
        if (grew) {
            IdSet added = new IdSet();
            for (int i = 0; i < addedCount; i++) {
                added.add(null, new long[] {addedPairs[2 * i], addedPairs[2 * i + 1]});
            }
            long[] old = table;
            table = new long[old.length];
            size = 0;
            for (int i = 0; i < old.length; i += 2) {
                if ((old[i] != 0 || old[i + 1] != 0) && !added.contains(null, new long[] {old[i], old[i + 1]})) {
                    int slot = slot(table, old[i], old[i + 1]);
                    table[slot] = old[i];
                    table[slot + 1] = old[i + 1];
                    size++;
                }
            }
            return;
        }
        for (int i = addedCount - 1; i >= 0; i--) {
            int slot = slot(table, addedPairs[2 * i], addedPairs[2 * i + 1]);
            table[slot] = 0;
            table[slot + 1] = 0;
            size--;
        }
    }

    private void journal(String id, long[] uuid) {
        if (uuid == null) {
            addedOthers.add(id);
        } else if (uuid[0] == 0 && uuid[1] == 0) {
            addedZero = true;
        } else {
            if (2 * addedCount + 2 > addedPairs.length) {
                addedPairs = Arrays.copyOf(addedPairs, Math.max(64, 2 * addedPairs.length));
            }
            addedPairs[2 * addedCount] = uuid[0];
            addedPairs[2 * addedCount + 1] = uuid[1];
            addedCount++;
        }
    }

    private void grow() {
        grew = true;
        long[] old = table;
        table = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                int slot = slot(table, old[i], old[i + 1]);
                table[slot] = old[i];
                table[slot + 1] = old[i + 1];
            }
        }
    }

    /** The slot holding {high, low}, or the empty slot where it would go (linear probing). */
    private static int slot(long[] table, long high, long low) {
        int slots = table.length / 2;
        long h = (high * 0x9E3779B97F4A7C15L) ^ low;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        for (int i = (int) (h & (slots - 1)); ; i = (i + 1) & (slots - 1)) {
            int at = 2 * i;
            if ((table[at] == high && table[at + 1] == low) || (table[at] == 0 && table[at + 1] == 0)) {
                return at;
            }
        }
    }

    /** {high, low} of a canonical lowercase UUID (8-4-4-4-12 hex digits), else {@code null}. */
    static long[] uuid(String id) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
                || id.charAt(23) != '-') {
            return null;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            char c = id.charAt(i);
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0) {
                return null;
            }
            if (digits++ < 16) {
                high = high << 4 | v;
            } else {
                low = low << 4 | v;
            }
        }
        return new long[] {high, low};
    }
}
