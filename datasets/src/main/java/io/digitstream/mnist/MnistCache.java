package io.digitstream.mnist;

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
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** A directory of MNIST files in which only content with the expected MD5 ever appears under a file's name. */
final class MnistCache {
    private final Path dir;
    private final Map<MnistFile, String> expectedMd5s;

    MnistCache(Path dir, Map<MnistFile, String> expectedMd5s) {
        this.dir = dir;
        this.expectedMd5s = Map.copyOf(expectedMd5s);
    }

    Path dir() {
        return dir;
    }

    Path pathOf(MnistFile file) {
        return dir.resolve(file.fileName());
    }

    /** Hashes the whole file each time (well under a second for the largest) so that damaged copies are caught. */
    boolean holdsValid(MnistFile file) throws IOException {
        Path path = pathOf(file);
        if (!Files.isRegularFile(path)) {
            return false;
        }
        MessageDigest md5 = newMd5();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), md5)) {
            Files.copy(path, sink);
        }
        return hex(md5).equals(expectedMd5(file));
    }

    /**
     * Copies {@code content} to a temporary file beside the target and renames it into place only once its MD5
     * matches, so an interrupted or corrupt download never takes the file's name.
     */
    void install(MnistFile file, InputStream content) throws IOException {
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would hide the file from others sharing the cache.
        Path partial = dir.resolve(file.fileName() + "." + UUID.randomUUID() + ".part");
        try {
            MessageDigest md5 = newMd5();
            try (OutputStream out = new DigestOutputStream(
                    Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), md5)) {
                content.transferTo(out);
            }
            String actual = hex(md5);
            if (!actual.equals(expectedMd5(file))) {
                throw new IOException(String.format("MD5 mismatch for %s: got %s, expected %s",
                        file.fileName(), actual, expectedMd5(file)));
            }
            Files.move(partial, pathOf(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private String expectedMd5(MnistFile file) {
        return Objects.requireNonNull(expectedMd5s.get(file), () -> "no expected MD5 for " + file);
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
