package io.accessledger.spine.audit;

import io.accessledger.events.integrity.AuditKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The service's checkpoint signing key, as configured ({@link AuditProperties}), and where it came from. */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String keyId, String origin) {
    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    /**
     * The configured key, if any. Without one, the chain headers still go out but no checkpoint is signed: a WARN
     * says so and how to configure one.
     */
    public static Optional<SigningKey> configured(AuditProperties audit, String service) {
        if (audit.signingKey() != null && !audit.signingKey().isBlank()) {
            return Optional.of(of(AuditKeys.decodePrivate(audit.signingKey()), "accessledger.audit.signing-key"));
        }
        Path file = audit.signingKeyFile();
        if (file != null) {
            try {
                if (!Files.exists(file) && audit.generateKey()) {
                    generate(file, service);
                }
                return Optional.of(of(AuditKeys.readPrivate(file), file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read accessledger.audit.signing-key-file " + file, e);
            }
        }
        log.warn("No checkpoint signing key: {} publishes its hash chain headers but no signed checkpoints, so an"
                + " event deleted at the end of a topic goes unnoticed. Configure accessledger.audit.signing-key"
                + " (base64 PKCS#8 Ed25519) or accessledger.audit.signing-key-file, and give the verifier the public"
                + " key as {}.pub (docs/AUDIT.md)", service, service);
        return Optional.empty();
    }

    private static void generate(Path file, String service) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.key$", "");
        KeyPair pair = AuditKeys.generate();
        AuditKeys.write(pair, file.toAbsolutePath().getParent(), name);
        log.info("Generated the checkpoint signing key of {}: private key {}, public key {} (give the verifier the"
                + " directory of .pub files)", service, file.toAbsolutePath(),
                file.toAbsolutePath().resolveSibling(name + AuditKeys.PUBLIC_SUFFIX));
    }

    static SigningKey of(PrivateKey privateKey, String origin) {
        PublicKey publicKey = AuditKeys.publicOf(privateKey);
        return new SigningKey(privateKey, publicKey, AuditKeys.keyId(publicKey), origin);
    }
}
