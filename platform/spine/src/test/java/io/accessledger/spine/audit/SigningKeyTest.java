package io.accessledger.spine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.integrity.AuditKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @Test
    void aKeyGivenAsBase64IsUsedAndNamedByItsPublicKey() {
        KeyPair pair = AuditKeys.generate();
        SigningKey key = SigningKey.configured(new AuditProperties(AuditKeys.encode(pair.getPrivate()), null, false,
                null), "request-service").orElseThrow();
        assertThat(key.keyId()).isEqualTo(AuditKeys.keyId(pair.getPublic()));
        assertThat(key.origin()).isEqualTo("accessledger.audit.signing-key");
    }

    @Test
    void theLocalRunGeneratesAMissingKeyFileOnceAndReusesIt(@TempDir Path dir) {
        AuditProperties audit = new AuditProperties(null, dir.resolve("keys/request-service.key"), true, null);
        SigningKey generated = SigningKey.configured(audit, "request-service").orElseThrow();
        assertThat(dir.resolve("keys/request-service.pub")).exists();
        assertThat(SigningKey.configured(audit, "request-service").orElseThrow().keyId())
                .isEqualTo(generated.keyId());
    }

    @Test
    void withoutAKeyThereAreNoCheckpointsButNoFailureEither() {
        assertThat(SigningKey.configured(new AuditProperties(null, null, false, null), "request-service")).isEmpty();
    }
}
