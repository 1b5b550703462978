package io.digitstream.debian;

import io.digitstream.command.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data files, each pinned by SHA-256, kept in a cache directory under their base names, fetched from a {@link Source}
 * (usually a directory of a {@link DebianPackage}). Only files with the pinned digest are used: missing or damaged
 * ones are fetched again, and a file whose digest does not match never takes a pinned name.
 */
public final class PinnedFiles {
    private static final Logger log = LoggerFactory.getLogger(PinnedFiles.class);

    /** @param path the file's path relative to the source's directory, e.g. {@code nature/Aqua.jpg} */
    public record Pinned(String path, String sha256) {
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** Where missing files come from; tests substitute their own. */
    public interface Source {
        /** E.g. {@code Debian package python3-skimage 0.19.3-8}. */
        String description();

        /**
         * Makes the files available.
         *
         * @param workDir an empty scratch directory, deleted afterwards
         * @return the directory the pinned paths are relative to (inside {@code workDir}, or an existing read-only one)
         */
        Path fetch(Path workDir) throws IOException;
    }

    private final Source source;
    private final List<Pinned> files;

    public PinnedFiles(Source source, List<Pinned> files) {
        this.source = source;
        this.files = List.copyOf(files);
    }

    public List<Pinned> files() {
        return files;
    }

    /** The SHA-256 of the pinned file list (path and digest per line), to name exactly which sources a set used. */
    public String listSha256() {
        String list = files.stream().map(file -> file.sha256() + "  " + file.path() + "\n").collect(Collectors.joining());
        return HexFormat.of().formatHex(newSha256().digest(list.getBytes(StandardCharsets.UTF_8)));
    }

    /** The cached, verified files in pinned order, fetching the missing or damaged ones first. */
    public List<Path> fetch(Path cacheDir) throws IOException {
        List<Pinned> missing = new ArrayList<>();
        for (Pinned pinned : files) {
            if (!holdsValid(cacheDir, pinned)) {
                missing.add(pinned);
            }
        }
        if (!missing.isEmpty()) {
            install(cacheDir, missing);
        }
        return files.stream().map(pinned -> cacheDir.resolve(pinned.fileName())).toList();
    }

    /** Hashes the whole file each time: a damaged copy is caught and replaced. */
    private static boolean holdsValid(Path dir, Pinned pinned) throws IOException {
        Path file = dir.resolve(pinned.fileName());
        if (!Files.isRegularFile(file)) {
            return false;
        }
        MessageDigest sha256 = newSha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            Files.copy(file, sink);
        }
        boolean valid = HexFormat.of().formatHex(sha256.digest()).equals(pinned.sha256());
        if (!valid) {
            log.warn("{} does not have the pinned SHA-256; fetching it again", file);
        }
        return valid;
    }

    private void install(Path cacheDir, List<Pinned> missing) throws IOException {
        Files.createDirectories(cacheDir);
        Path workDir = Files.createTempDirectory("digit-debian-");
        try {
            Path root = source.fetch(workDir);
            for (Pinned pinned : missing) {
                Path file = root.resolve(pinned.path());
                if (!Files.isRegularFile(file)) {
                    throw new UnavailableException(source.description() + " has no " + pinned.path());
                }
                try (InputStream content = Files.newInputStream(file)) {
                    installVerified(cacheDir, pinned, content);
                }
            }
        } finally {
            deleteQuietly(workDir);
        }
    }

    private void installVerified(Path cacheDir, Pinned pinned, InputStream content) throws IOException {
        // Not Files.createTempFile: its owner-only permissions would hide the file from others sharing the cache.
        Path partial = cacheDir.resolve(pinned.fileName() + "." + UUID.randomUUID() + ".part");
        try {
            MessageDigest sha256 = newSha256();
            try (OutputStream out = new DigestOutputStream(
                    Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), sha256)) {
                content.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(pinned.sha256())) {
                throw new UnavailableException(String.format("SHA-256 mismatch for %s from %s: got %s, expected %s",
                        pinned.path(), source.description(), actual, pinned.sha256()));
            }
            Files.move(partial, cacheDir.resolve(pinned.fileName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** A leftover temporary directory is not worth failing over, nor hiding the fetch's own error. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete temporary directory {}: {}", dir, e.toString());
        }
    }
}
