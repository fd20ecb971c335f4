package io.accessledger.policy.bench;

import io.accessledger.events.model.Entitlement;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An in-memory access view for the benchmark: every distinct entitlement interned to an int (one {@link Entitlement}
 * instance each), and each identity's held and pending entitlements kept as a sorted {@code int[]}. The evaluator sees
 * them through {@link #held(int)} and {@link #pending(int)} as ordinary, read-only {@code Set<Entitlement>}s whose
 * {@code contains} is a hash look-up of the entitlement's id and a binary search of the identity's array.
 */
final class CompactAccessView {
    private static final int[] NONE = new int[0];

    private final Entitlement[] entitlements;
    private final Map<Entitlement, Integer> idOf;
    private final int[][] held;
    private final int[][] pending;

    /**
     * @param entitlements the interned entitlements; an entitlement's id is its index here
     * @param held         per identity, the ids of what it holds (sorted and de-duplicated here)
     * @param pending      per identity, the ids of what it has in flight (sorted and de-duplicated here)
     */
    CompactAccessView(Entitlement[] entitlements, int[][] held, int[][] pending) {
        if (held.length != pending.length) {
            throw new IllegalArgumentException("held and pending must cover the same identities");
        }
        this.entitlements = entitlements.clone();
        this.idOf = new HashMap<>(entitlements.length * 2);
        for (int id = 0; id < entitlements.length; id++) {
            if (idOf.put(entitlements[id], id) != null) {
                throw new IllegalArgumentException("entitlement interned twice: " + entitlements[id]);
            }
        }
        this.held = new int[held.length][];
        this.pending = new int[pending.length][];
        for (int identity = 0; identity < held.length; identity++) {
            this.held[identity] = sortedIds(held[identity]);
            this.pending[identity] = sortedIds(pending[identity]);
        }
    }

    private int[] sortedIds(int[] ids) {
        if (ids == null || ids.length == 0) {
            return NONE;
        }
        int[] sorted = Arrays.stream(ids).sorted().distinct().toArray();
        if (sorted[0] < 0 || sorted[sorted.length - 1] >= entitlements.length) {
            throw new IllegalArgumentException("entitlement id out of range");
        }
        return sorted;
    }

    int identities() {
        return held.length;
    }

    int entitlementCount() {
        return entitlements.length;
    }

    /** The interned instance for this id. */
    Entitlement entitlement(int id) {
        return entitlements[id];
    }

    /** The id of an entitlement, or -1 if it is not in the catalog. */
    int id(Entitlement entitlement) {
        Integer id = idOf.get(entitlement);
        return id == null ? -1 : id;
    }

    /** What the identity holds, as a read-only view (no copy). */
    Set<Entitlement> held(int identity) {
        return new Holdings(held[identity]);
    }

    /** What the identity has in flight, as a read-only view (no copy). */
    Set<Entitlement> pending(int identity) {
        return new Holdings(pending[identity]);
    }

    /** The raw sorted ids the identity holds (the array itself; do not modify). */
    int[] heldIds(int identity) {
        return held[identity];
    }

    /** The raw sorted ids the identity has in flight (the array itself; do not modify). */
    int[] pendingIds(int identity) {
        return pending[identity];
    }

    /** One identity's sorted ids seen as a set of entitlements. */
    private final class Holdings extends AbstractSet<Entitlement> {
        private final int[] ids;

        Holdings(int[] ids) {
            this.ids = ids;
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Entitlement entitlement) || ids.length == 0) {
                return false;
            }
            int id = id(entitlement);
            return id >= 0 && Arrays.binarySearch(ids, id) >= 0;
        }

        @Override
        public int size() {
            return ids.length;
        }

        @Override
        public Iterator<Entitlement> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < ids.length;
                }

                @Override
                public Entitlement next() {
                    if (next >= ids.length) {
                        throw new NoSuchElementException();
                    }
                    return entitlements[ids[next++]];
                }
            };
        }
    }
}
