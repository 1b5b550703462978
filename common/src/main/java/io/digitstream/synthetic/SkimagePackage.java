package io.digitstream.synthetic;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets scikit-image's data directory from the Debian package {@code python3-skimage}: from the installed package when
 * there is one, else by {@code apt-get download} (no root needed; Debian mirrors are reachable where little else is)
 * and {@code dpkg-deb -x}. The pinned version first; if the mirror no longer has it, whatever version it has, since
 * the SHA-256 check decides which files are acceptable.
 */
final class SkimagePackage implements TextureSource {
    private static final Logger log = LoggerFactory.getLogger(SkimagePackage.class);
    private static final String DATA_DIR = "usr/lib/python3/dist-packages/skimage/data";
    private static final Path INSTALLED = Path.of("/", DATA_DIR);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int OUTPUT_EXCERPT_CHARS = 500;

    @Override
    public String description() {
        return "Debian package " + SkimagePhotographs.PACKAGE + " " + SkimagePhotographs.VERSION;
    }

    @Override
    public Path fetch(Path workDir) throws IOException {
        if (Files.isDirectory(INSTALLED) && SkimagePhotographs.ALL.stream()
                .allMatch(pinned -> Files.isRegularFile(INSTALLED.resolve(pinned.file())))) {
            return INSTALLED;
        }
        log.info("Running apt-get download {} (about 21 MB) for the background photographs", SkimagePhotographs.PACKAGE);
        Path output = workDir.resolve("apt.log");
        String pinnedVersion = SkimagePhotographs.PACKAGE + "=" + SkimagePhotographs.VERSION;
        if (run(workDir, output, "apt-get", "download", pinnedVersion) != 0
                && run(workDir, output, "apt-get", "download", SkimagePhotographs.PACKAGE) != 0) {
            throw new IOException("apt-get download " + SkimagePhotographs.PACKAGE + " failed: " + excerpt(output));
        }
        Path deb;
        try (Stream<Path> files = Files.list(workDir)) {
            deb = files.filter(file -> file.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download left no .deb: " + excerpt(output)));
        }
        Path extracted = workDir.resolve("extracted");
        if (run(workDir, output, "dpkg-deb", "-x", deb.toString(), extracted.toString()) != 0) {
            throw new IOException("dpkg-deb -x " + deb.getFileName() + " failed: " + excerpt(output));
        }
        return extracted.resolve(DATA_DIR);
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
            throw new IOException("cannot run " + command[0] + " (needs a Debian-based system, or set"
                    + " DIGITS_TEXTURES_DIR to a folder of PNG/JPEG photographs): " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " did not finish within " + TIMEOUT.toMinutes() + " minutes");
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
