package io.accessledger.events.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.ids.EventId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCheckpointTest {
    private static final Instant AT = Instant.parse("2026-11-02T09:15:30Z");
    private final KeyPair keys = AuditKeys.generate();

    private AuditCheckpoint checkpoint() {
        return AuditCheckpoint.signed(EventId.of("c-1"), AT, "request-service", "accessledger.request.events.v1", 10,
                "ab".repeat(32), keys.getPrivate(), keys.getPublic());
    }

    @Test
    void aCheckpointIsVerifiedByItsSignersPublicKeyAndNamesIt() {
        AuditCheckpoint checkpoint = checkpoint();
        assertThat(checkpoint.isSignedBy(keys.getPublic())).isTrue();
        assertThat(checkpoint.keyId()).isEqualTo(AuditKeys.keyId(keys.getPublic())).hasSize(16);
    }

    @Test
    void anyChangeToTheStatementBreaksTheSignature() {
        AuditCheckpoint c = checkpoint();
        assertThat(new AuditCheckpoint(c.eventId(), c.occurredAt(), c.service(), c.topic(), 11, c.rootHash(),
                c.keyId(), c.signature()).isSignedBy(keys.getPublic())).isFalse();
        assertThat(new AuditCheckpoint(c.eventId(), c.occurredAt(), c.service(), c.topic(), c.treeSize(),
                "cd".repeat(32), c.keyId(), c.signature()).isSignedBy(keys.getPublic())).isFalse();
        assertThat(new AuditCheckpoint(c.eventId(), c.occurredAt(), "approval-service", c.topic(), c.treeSize(),
                c.rootHash(), c.keyId(), c.signature()).isSignedBy(keys.getPublic())).isFalse();
        assertThat(new AuditCheckpoint(c.eventId(), c.occurredAt().plusSeconds(1), c.service(), c.topic(),
                c.treeSize(), c.rootHash(), c.keyId(), c.signature()).isSignedBy(keys.getPublic())).isFalse();
    }

    @Test
    void anotherKeyDoesNotVerifyIt() {
        assertThat(checkpoint().isSignedBy(AuditKeys.generate().getPublic())).isFalse();
    }

    @Test
    void theGoldenSampleIsSignedByTheSampleKey() {
        AuditCheckpoint sample = AuditCheckpoint.signed(EventId.of("x"), AT, "s", "t", 1, "00".repeat(32),
                AuditKeys.decodePrivate("MC4CAQAwBQYDK2VwBCIEID8GoOZjCA/GTAHUiAMHSpuxyn1CagjWxo715o5kbkri"),
                AuditKeys.decodePublic("MCowBQYDK2VwAyEADn0CZHRH32YcA08ZVDcQczlWGWrFVW4U/7xKQOFxdDQ="));
        assertThat(sample.isSignedBy(
                AuditKeys.decodePublic("MCowBQYDK2VwAyEADn0CZHRH32YcA08ZVDcQczlWGWrFVW4U/7xKQOFxdDQ="))).isTrue();
    }

    @Test
    void thePublicKeyIsDerivedFromThePrivateKeyAlone() {
        assertThat(AuditKeys.publicOf(keys.getPrivate()).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    }

    @Test
    void keysRoundTripThroughFilesNamedAfterTheService(@TempDir Path dir) throws Exception {
        AuditKeys.write(keys, dir, "request-service");
        assertThat(dir.resolve("request-service.key")).exists();
        assertThat(AuditKeys.readPrivate(dir.resolve("request-service.key")).getEncoded())
                .isEqualTo(keys.getPrivate().getEncoded());
        assertThat(AuditKeys.readTrusted(dir)).containsOnlyKeys("request-service");
        assertThat(AuditKeys.readTrusted(dir).get("request-service").getEncoded())
                .isEqualTo(keys.getPublic().getEncoded());
        assertThat(Files.readString(dir.resolve("request-service.pub")).strip())
                .isEqualTo(AuditKeys.encode(keys.getPublic()));
    }

    @Test
    void aMalformedKeyIsRefusedWithItsFormat() {
        assertThatThrownBy(() -> AuditKeys.decodePublic("not a key")).hasMessageContaining("X.509 Ed25519");
        assertThatThrownBy(() -> AuditKeys.decodePrivate("bm90IGEga2V5")).hasMessageContaining("PKCS#8 Ed25519");
    }
}
