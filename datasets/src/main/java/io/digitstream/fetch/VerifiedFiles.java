package io.digitstream.fetch;

import io.digitstream.command.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache directory in which a file's name only ever holds content with its pinned digest. Content is written to a
 * temporary file beside its target and renamed into place only once its digest matches, so an interrupted, corrupt
 * or tampered download never takes the name; a copy damaged later fails {@link #holds} and is fetched again.
 */
public final class VerifiedFiles {
    private static final Logger log = LoggerFactory.getLogger(VerifiedFiles.class);

    /** The digests in use: MD5 as MNIST publishes it, SHA-256 for the files pinned here. */
    public enum Algorithm {
        MD5("MD5"), SHA_256("SHA-256");

        private final String javaName;

        Algorithm(String javaName) {
            this.javaName = javaName;
        }

        /** Lower-case hex, as {@code md5sum} and {@code sha256sum} print it. */
        public String hexOf(byte[] content) {
            return HexFormat.of().formatHex(newDigest().digest(content));
        }

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(javaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform must provide " + javaName, e);
            }
        }

        @Override
        public String toString() {
            return javaName;
        }
    }

    private final Path dir;
    private final Algorithm algorithm;

    public VerifiedFiles(Path dir, Algorithm algorithm) {
        this.dir = dir;
        this.algorithm = algorithm;
    }

    public Path dir() {
        return dir;
    }

    public Path pathOf(String fileName) {
        return dir.resolve(fileName);
    }

    /** Hashes the whole file each time (well under a second for the largest) so that a damaged copy is caught. */
    public boolean holds(String fileName, String expectedHex) throws IOException {
        Path path = pathOf(fileName);
        if (!Files.isRegularFile(path)) {
            return false;
        }
        MessageDigest digest = algorithm.newDigest();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            Files.copy(path, sink);
        }
        boolean valid = HexFormat.of().formatHex(digest.digest()).equals(expectedHex);
        if (!valid) {
            log.warn("{} does not have its pinned {}; it is fetched again", path, algorithm);
        }
        return valid;
    }

    /**
     * Copies {@code content} under {@code fileName}, replacing what was there, once its digest is {@code expectedHex}.
     *
     * @param origin where the content came from, for the error message
     * @throws UnavailableException when the digest differs; nothing is left behind
     */
    public Path install(String fileName, String expectedHex, InputStream content, String origin) throws IOException {
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would hide the file from others sharing the cache.
        Path partial = dir.resolve(fileName + "." + UUID.randomUUID() + ".part");
        try {
            MessageDigest digest = algorithm.newDigest();
            try (OutputStream out = new DigestOutputStream(
                    Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), digest)) {
                content.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expectedHex)) {
                throw new UnavailableException(String.format("%s mismatch for %s from %s: got %s, expected %s",
                        algorithm, fileName, origin, actual, expectedHex));
            }
            return Files.move(partial, pathOf(fileName), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
