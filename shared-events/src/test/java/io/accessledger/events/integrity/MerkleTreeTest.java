package io.accessledger.events.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static byte[] leaf(int i) {
        return ("leaf " + i).getBytes(StandardCharsets.UTF_8);
    }

    /** Hashes written out by hand from RFC 9162's definition, independent of the class under test. */
    private static byte[] sha256(byte prefix, byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(prefix);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    @Test
    void theEmptyTreeIsTheHashOfNothing() {
        assertThat(HexFormat.of().formatHex(MerkleTree.rootOf(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MerkleTree.Frontier.EMPTY.rootHex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aSingleLeafIsHashedWithTheLeafPrefix() {
        // RFC 9162 / RFC 6962 test vector: MTH of one empty leaf = SHA-256(0x00).
        assertThat(HexFormat.of().formatHex(MerkleTree.rootOf(List.of(new byte[0]))))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void threeLeavesSplitAtTwoAndSevenAtFour() throws Exception {
        byte[][] l = new byte[7][];
        for (int i = 0; i < 7; i++) {
            l[i] = sha256((byte) 0, leaf(i));
        }
        byte[] ab = sha256((byte) 1, l[0], l[1]);
        byte[] three = sha256((byte) 1, ab, l[2]);
        assertThat(MerkleTree.rootOf(List.of(leaf(0), leaf(1), leaf(2)))).isEqualTo(three);

        byte[] cd = sha256((byte) 1, l[2], l[3]);
        byte[] abcd = sha256((byte) 1, ab, cd);
        byte[] ef = sha256((byte) 1, l[4], l[5]);
        byte[] efg = sha256((byte) 1, ef, l[6]);
        byte[] seven = sha256((byte) 1, abcd, efg);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            leaves.add(leaf(i));
        }
        assertThat(MerkleTree.rootOf(leaves)).isEqualTo(seven);
    }

    @Test
    void theFrontierGivesTheSameRootAsTheDefinitionForEverySizeUpTo300() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree.Frontier frontier = MerkleTree.Frontier.EMPTY;
        for (int n = 0; n <= 300; n++) {
            assertThat(frontier.root()).as("size %d", n).isEqualTo(MerkleTree.rootOf(leaves));
            assertThat(frontier.subtreeRoots()).hasSize(Integer.bitCount(n));
            leaves.add(leaf(n));
            frontier = frontier.append(leaf(n));
        }
    }

    @Test
    void theFrontierSurvivesItsByteForm() {
        MerkleTree.Frontier frontier = MerkleTree.Frontier.EMPTY;
        for (int n = 0; n < 77; n++) {
            MerkleTree.Frontier restored = MerkleTree.Frontier.fromBytes(frontier.size(), frontier.toBytes());
            assertThat(restored.root()).isEqualTo(frontier.root());
            frontier = restored.append(leaf(n));
        }
        assertThat(frontier.toBytes()).hasSize(32 * Long.bitCount(77));
    }

    @Test
    void aFrontierWhoseRootsDoNotFitItsSizeIsRefused() {
        assertThatThrownBy(() -> MerkleTree.Frontier.fromBytes(3, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
