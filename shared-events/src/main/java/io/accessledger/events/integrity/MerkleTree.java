package io.accessledger.events.integrity;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 §2.1.1 Merkle Tree Hash: {@code MTH({}) = SHA-256()}, a leaf is {@code SHA-256(0x00 || d)}, a node
 * {@code SHA-256(0x01 || left || right)}, and a list of n > 1 is split at the largest power of two smaller than n.
 * A topic's leaves are its events' chain hashes (32 raw bytes each), in index order.
 *
 * <p>{@link #rootOf(List)} is the definition, computed from all leaves (what the verifier does once over the log);
 * {@link Frontier} is the same tree kept append-only by the publisher in O(log n): the roots of the perfect
 * subtrees that make up the tree so far, serialisable as bytes.
 */
public final class MerkleTree {
    private static final int HASH_BYTES = 32;

    private MerkleTree() {
    }

    /** The Merkle Tree Hash of the leaf data, by the recursive definition. */
    public static byte[] rootOf(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return Hex.sha256().digest();
        }
        return subtreeRoot(leaves, 0, leaves.size());
    }

    private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leafHash(leaves.get(from));
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest digest = Hex.sha256();
        digest.update((byte) 0x00);
        digest.update(data);
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = Hex.sha256();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * The append-only form of a Merkle tree: its size and the roots of its perfect subtrees, largest first (one per
     * set bit of the size). Appending merges equal-sized subtrees; the root folds them right to left. Immutable.
     */
    public record Frontier(long size, List<byte[]> subtreeRoots) {
        public static final Frontier EMPTY = new Frontier(0, List.of());

        public Frontier {
            subtreeRoots = List.copyOf(subtreeRoots);
            if (subtreeRoots.size() != Long.bitCount(size)) {
                throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                        + " perfect subtrees, not " + subtreeRoots.size());
            }
        }

        /** The tree with one more leaf. */
        public Frontier append(byte[] leafData) {
            List<byte[]> roots = new ArrayList<>(subtreeRoots);
            byte[] carry = leafHash(leafData);
            for (long bits = size; (bits & 1) == 1; bits >>>= 1) {
                carry = nodeHash(roots.remove(roots.size() - 1), carry);
            }
            roots.add(carry);
            return new Frontier(size + 1, roots);
        }

        /** The Merkle Tree Hash of the leaves appended so far. */
        public byte[] root() {
            if (subtreeRoots.isEmpty()) {
                return Hex.sha256().digest();
            }
            byte[] root = subtreeRoots.get(subtreeRoots.size() - 1);
            for (int i = subtreeRoots.size() - 2; i >= 0; i--) {
                root = nodeHash(subtreeRoots.get(i), root);
            }
            return root;
        }

        public String rootHex() {
            return Hex.of(root());
        }

        /** The subtree roots concatenated (32 bytes each); the size is kept beside them. */
        public byte[] toBytes() {
            byte[] bytes = new byte[subtreeRoots.size() * HASH_BYTES];
            for (int i = 0; i < subtreeRoots.size(); i++) {
                System.arraycopy(subtreeRoots.get(i), 0, bytes, i * HASH_BYTES, HASH_BYTES);
            }
            return bytes;
        }

        public static Frontier fromBytes(long size, byte[] bytes) {
            List<byte[]> roots = new ArrayList<>();
            for (int offset = 0; bytes != null && offset < bytes.length; offset += HASH_BYTES) {
                roots.add(Arrays.copyOfRange(bytes, offset, offset + HASH_BYTES));
            }
            return new Frontier(size, roots);
        }
    }

    /** Leaf data of an event: the raw bytes of its hex chain hash. */
    public static byte[] leafData(String chainHashHex) {
        return Hex.parse(chainHashHex);
    }

    public static String hex(byte[] hash) {
        return Hex.of(hash);
    }
}
