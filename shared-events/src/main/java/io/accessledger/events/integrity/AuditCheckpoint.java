package io.accessledger.events.integrity;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EventId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * A service's signed statement that the first {@code treeSize} events it published to {@code topic} have the Merkle
 * root {@code rootHash} (RFC 9162 Merkle Tree Hash over their chain hashes, hex). Published to
 * {@code accessledger.audit.checkpoints.v1}, keyed by the source topic. {@code signature} is base64 Ed25519 over
 * {@link #signedText()}; {@code keyId} names the key ({@link AuditKeys#keyId}).
 */
public record AuditCheckpoint(
        EventId eventId,
        Instant occurredAt,
        String service,
        String topic,
        long treeSize,
        String rootHash,
        String keyId,
        String signature) implements DomainEvent {

    @Override
    public String subject() {
        return topic;
    }

    /**
     * The text the signature covers: a version tag and the fields, one a line. Only what the statement says is in
     * it; the event id is not (it is where the statement was recorded, not what it states).
     */
    public String signedText() {
        return signedText(service, topic, treeSize, rootHash, occurredAt);
    }

    static String signedText(String service, String topic, long treeSize, String rootHash, Instant occurredAt) {
        return String.join("\n", "accessledger.audit.checkpoint.v1", service, topic, Long.toString(treeSize),
                rootHash, occurredAt.toString());
    }

    /** A checkpoint signed with {@code key}, whose public half is {@code publicKey}. */
    public static AuditCheckpoint signed(EventId eventId, Instant occurredAt, String service, String topic,
            long treeSize, String rootHash, PrivateKey key, PublicKey publicKey) {
        try {
            Signature signer = Signature.getInstance(AuditKeys.ALGORITHM);
            signer.initSign(key);
            signer.update(signedText(service, topic, treeSize, rootHash, occurredAt).getBytes(StandardCharsets.UTF_8));
            return new AuditCheckpoint(eventId, occurredAt, service, topic, treeSize, rootHash,
                    AuditKeys.keyId(publicKey), Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint with an " + key.getAlgorithm() + " key", e);
        }
    }

    /** Whether {@code signature} is a valid signature of this checkpoint's statement by {@code publicKey}. */
    public boolean isSignedBy(PublicKey publicKey) {
        try {
            Signature verifier = Signature.getInstance(AuditKeys.ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(signedText().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
