package io.digitstream.debian;

import io.digitstream.fetch.CommandFailedException;
import io.digitstream.fetch.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Debian package whose files the project uses as data, fetched by {@code apt-get download} (Debian's mirrors are
 * reachable where little else is) and unpacked with {@code dpkg-deb -x}: nothing is installed. The pinned version
 * first; if the mirror no longer has it, whatever version it has, since callers check the files' SHA-256.
 *
 * @param name e.g. {@code python3-skimage}
 * @param version the pinned version, e.g. {@code 0.19.3-8}
 * @param downloadSize for the log line, e.g. {@code about 21 MB}
 */
public record DebianPackage(String name, String version, String downloadSize) {
    private static final Logger log = LoggerFactory.getLogger(DebianPackage.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    public DebianPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(downloadSize, "downloadSize");
    }

    /** E.g. {@code Debian package python3-skimage 0.19.3-8}. */
    public String description() {
        return "Debian package " + name + " " + version;
    }

    /**
     * Downloads the package into {@code workDir} and unpacks it there.
     *
     * @param workDir an empty scratch directory, which the caller deletes afterwards
     * @return the root of the unpacked file system tree (holding {@code usr/...})
     * @throws CommandFailedException naming the command that failed, its exit status and the end of its output
     */
    public Path downloadAndExtract(Path workDir) throws IOException {
        log.info("Running apt-get download {} ({})", name, downloadSize);
        try {
            command(workDir, "apt-get", "download", name + "=" + version).run();
        } catch (CommandFailedException pinned) {
            if (!pinned.started()) {
                throw new IOException(pinned.getMessage() + " (needs a Debian-based system)", pinned);
            }
            log.info("{} {} is not available ({}); trying the mirror's version", name, version, pinned.outputTail());
            try {
                command(workDir, "apt-get", "download", name).run();
            } catch (CommandFailedException any) {
                any.addSuppressed(pinned);
                throw any;
            }
        }
        Path deb;
        try (Stream<Path> files = Files.list(workDir)) {
            deb = files.filter(file -> file.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download " + name + " left no .deb in " + workDir));
        }
        Path extracted = workDir.resolve("extracted");
        command(workDir, "dpkg-deb", "-x", deb.toString(), extracted.toString()).run();
        return extracted;
    }

    /** The package's directory {@code dir} (e.g. {@code usr/share/backgrounds/mate}) as a source of pinned files. */
    public PinnedFiles.Source directory(String dir) {
        return new PinnedFiles.Source() {
            @Override
            public String description() {
                return DebianPackage.this.description();
            }

            @Override
            public Path fetch(Path workDir) throws IOException {
                return downloadAndExtract(workDir).resolve(dir);
            }
        };
    }

    private static ExternalCommand command(Path workDir, String... command) {
        return new ExternalCommand(workDir, TIMEOUT, command);
    }
}
