package io.digitstream.debian;

import io.digitstream.command.UnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
    private static final int OUTPUT_EXCERPT_CHARS = 500;

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
     */
    public Path downloadAndExtract(Path workDir) throws IOException {
        log.info("Running apt-get download {} ({})", name, downloadSize);
        Path output = workDir.resolve("apt.log");
        if (run(workDir, output, "apt-get", "download", name + "=" + version) != 0
                && run(workDir, output, "apt-get", "download", name) != 0) {
            throw new UnavailableException("apt-get download " + name + " failed: " + excerpt(output));
        }
        Path deb;
        try (Stream<Path> files = Files.list(workDir)) {
            deb = files.filter(file -> file.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new UnavailableException("apt-get download left no .deb: " + excerpt(output)));
        }
        Path extracted = workDir.resolve("extracted");
        if (run(workDir, output, "dpkg-deb", "-x", deb.toString(), extracted.toString()) != 0) {
            throw new IOException("dpkg-deb -x " + deb.getFileName() + " failed: " + excerpt(output));
        }
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

    private static int run(Path workDir, Path output, String... command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UnavailableException("cannot run " + command[0] + " (needs a Debian-based system): " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new UnavailableException(command[0] + " did not finish within " + TIMEOUT.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + command[0]);
        }
        return process.exitValue();
    }

    private static String excerpt(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            return text.substring(Math.max(0, text.length() - OUTPUT_EXCERPT_CHARS));
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
