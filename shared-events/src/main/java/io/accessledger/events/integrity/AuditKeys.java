package io.accessledger.events.integrity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ed25519 keys of the signed checkpoints, with the JDK's own provider (no extra dependency). On disk and in
 * configuration a private key is base64 of its PKCS#8 encoding ({@code <name>.key}), a public key base64 of its
 * X.509 SubjectPublicKeyInfo ({@code <name>.pub}); a service's key pair is named after the service, so the verifier
 * trusts a directory of {@code <service>.pub} files.
 */
public final class AuditKeys {
    public static final String ALGORITHM = "Ed25519";
    public static final String PRIVATE_SUFFIX = ".key";
    public static final String PUBLIC_SUFFIX = ".pub";

    private AuditKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey decodePrivate(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 PKCS#8 Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey decodePublic(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The public key of a private one (an Ed25519 PKCS#8 key carries only the seed, so it is derived by signing). */
    public static PublicKey publicOf(PrivateKey key) {
        try {
            // PKCS#8 v1 Ed25519 keys do not hold the public key; the JDK derives it when the key is re-parsed
            // through the same KeyFactory as a pair is generated from the seed.
            byte[] seed = java.util.Arrays.copyOfRange(key.getEncoded(), key.getEncoded().length - 32,
                    key.getEncoded().length);
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(255, new FixedSeed(seed));
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the Ed25519 public key", e);
        }
    }

    /**
     * The key id a checkpoint names: the first 16 hex digits of SHA-256 over the public key's X.509 encoding.
     */
    public static String keyId(PublicKey key) {
        return Hex.of(Hex.sha256().digest(key.getEncoded())).substring(0, 16);
    }

    /** Writes {@code <name>.key} (owner-readable only where the file system allows) and {@code <name>.pub}. */
    public static void write(KeyPair pair, Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        Path privateFile = directory.resolve(name + PRIVATE_SUFFIX);
        Files.writeString(privateFile, encode(pair.getPrivate()) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(privateFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's protection applies
        }
        Files.writeString(directory.resolve(name + PUBLIC_SUFFIX), encode(pair.getPublic()) + "\n",
                StandardCharsets.US_ASCII);
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        return decodePrivate(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static PublicKey readPublic(Path file) throws IOException {
        return decodePublic(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** The trusted public keys of a directory: {@code <service>.pub} files, by service name. */
    public static Map<String, PublicKey> readTrusted(Path directory) throws IOException {
        Map<String, PublicKey> keys = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(PUBLIC_SUFFIX)).toList()) {
                String name = file.getFileName().toString();
                keys.put(name.substring(0, name.length() - PUBLIC_SUFFIX.length()), readPublic(file));
            }
        }
        return keys;
    }

    /** A "random" source that yields one fixed seed: how the JDK rebuilds a key pair from its private seed. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
