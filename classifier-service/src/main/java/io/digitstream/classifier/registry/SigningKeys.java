package io.digitstream.classifier.registry;

import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys of the registry, from the JDK alone: a private key signs releases and roles ({@code models publish
 * --sign}, {@code promote --sign}...), its public key ({@code digits.models.verify.key}) verifies them. Keys are
 * files: the private key PKCS#8, the public key X.509 SubjectPublicKeyInfo, each PEM ({@code -----BEGIN PRIVATE
 * KEY-----} / {@code PUBLIC KEY}, as openssl writes them) or the same DER bytes.
 */
public final class SigningKeys {

    static final String ALGORITHM = "Ed25519";
    public static final String PRIVATE_FILE = "model-signing.key";
    public static final String PUBLIC_FILE = "model-signing.pub";

    private SigningKeys() {
    }

    /**
     * Writes a new key pair into {@code dir} ({@value #PRIVATE_FILE}, readable by its owner only, and
     * {@value #PUBLIC_FILE}); refuses to overwrite either.
     *
     * @return the public key file
     */
    public static Path generate(Path dir) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ runtime", e);
        }
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        for (Path file : new Path[] {privateFile, publicFile}) {
            if (Files.exists(file)) {
                throw new IOException(file + " exists already: move it away or choose another --out directory");
            }
        }
        Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults apply
        }
        Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        return publicFile;
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not an Ed25519 private key (PKCS#8, PEM or DER): " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not an Ed25519 public key (X.509, PEM or DER): " + e.getMessage(), e);
        }
    }

    /** {@code release} with its signature by {@code key}. */
    public static ModelRelease sign(ModelRelease release, PrivateKey key) {
        release.setSignature(null);
        release.setSignature(ByteBuffer.wrap(sign(key, SignedBytes.of(release))));
        return release;
    }

    /** {@code roles} with its signature by {@code key}. */
    public static ModelRoles sign(ModelRoles roles, PrivateKey key) {
        roles.setSignature(null);
        roles.setSignature(ByteBuffer.wrap(sign(key, SignedBytes.of(roles))));
        return roles;
    }

    /** Null when {@code release} carries a valid signature by {@code key}, else why not. */
    public static String refusal(ModelRelease release, PublicKey key) {
        return refusal(SignedBytes.of(release), release.getSignature(), key);
    }

    /** Null when {@code roles} carries a valid signature by {@code key}, else why not. */
    public static String refusal(ModelRoles roles, PublicKey key) {
        return refusal(SignedBytes.of(roles), roles.getSignature(), key);
    }

    private static String refusal(byte[] signed, ByteBuffer signature, PublicKey key) {
        if (signature == null) {
            return "unsigned, and " + RegistryConfig.VERIFY_KEY.name() + " requires a signature";
        }
        ByteBuffer copy = signature.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(raw) ? null : "signature does not verify with " + RegistryConfig.VERIFY_KEY.name();
        } catch (GeneralSecurityException e) {
            return "signature does not verify with " + RegistryConfig.VERIFY_KEY.name() + ": " + e.getMessage();
        }
    }

    private static byte[] sign(PrivateKey key, byte[] signed) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signed);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The DER bytes of a PEM file of {@code type}, or the file itself when it is not PEM. */
    private static byte[] der(Path file, String type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "key file not found");
        }
        byte[] content = Files.readAllBytes(file);
        String text = new String(content, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        int start = text.indexOf(begin);
        if (start < 0) {
            if (text.contains("-----BEGIN ")) {
                throw new IOException(file + " is PEM but not a " + type);
            }
            return content;
        }
        int end = text.indexOf("-----END " + type + "-----", start);
        if (end < 0) {
            throw new IOException(file + " has no end line for its " + type);
        }
        return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    }
}
