package io.digitstream.debian;

import io.digitstream.command.UnavailableException;
import io.digitstream.fetch.ScratchDirectory;
import io.digitstream.fetch.VerifiedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Data files, each pinned by SHA-256, kept in a cache directory under their base names, fetched from a {@link Source}
 * (usually a directory of a {@link DebianPackage}). Only files with the pinned digest are used: missing or damaged
 * ones are fetched again, and a file whose digest does not match never takes a pinned name.
 */
public final class PinnedFiles {
    /**
     * @param path the file's path relative to the source's directory, e.g. {@code nature/Aqua.jpg}
     * @param sha256 the file's SHA-256, lower-case hex
     * @param fileName its name in the cache, for sources whose files share a base name (e.g. {@code 2560x1600.jpg})
     */
    public record Pinned(String path, String sha256, String fileName) {
        /** Cached under the path's base name. */
        public Pinned(String path, String sha256) {
            this(path, sha256, path.substring(path.lastIndexOf('/') + 1));
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
        return VerifiedFiles.Algorithm.SHA_256.hexOf(list.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cached, verified files in pinned order, fetching the missing or damaged ones first.
     *
     * @throws UnavailableException when the source fails or lacks a file, or a file does not have its SHA-256
     */
    public List<Path> fetch(Path cacheDir) throws IOException {
        VerifiedFiles cache = new VerifiedFiles(cacheDir, VerifiedFiles.Algorithm.SHA_256);
        List<Pinned> missing = new ArrayList<>();
        for (Pinned pinned : files) {
            if (!cache.holds(pinned.fileName(), pinned.sha256())) {
                missing.add(pinned);
            }
        }
        if (!missing.isEmpty()) {
            install(cache, missing);
        }
        return files.stream().map(pinned -> cache.pathOf(pinned.fileName())).toList();
    }

    private void install(VerifiedFiles cache, List<Pinned> missing) throws IOException {
        try (ScratchDirectory work = ScratchDirectory.create("digit-debian-")) {
            Path root = fetchFromSource(work.path());
            for (Pinned pinned : missing) {
                Path file = root.resolve(pinned.path());
                if (!Files.isRegularFile(file)) {
                    throw new UnavailableException(source.description() + " has no " + pinned.path());
                }
                try (InputStream content = Files.newInputStream(file)) {
                    cache.install(pinned.fileName(), pinned.sha256(), content, source.description());
                }
            }
        }
    }

    /** Whatever made the source fail (a command, the network), the data is unavailable. */
    private Path fetchFromSource(Path workDir) throws IOException {
        try {
            return source.fetch(workDir);
        } catch (InterruptedIOException | UnavailableException e) {
            throw e;
        } catch (IOException e) {
            throw new UnavailableException(e.getMessage(), e);
        }
    }
}
