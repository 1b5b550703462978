package io.digitstream.mnist;

import io.digitstream.command.UnavailableException;
import io.digitstream.fetch.VerifiedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** A directory of MNIST files in which only content with the expected MD5 ever appears under a file's name. */
final class MnistCache {
    private final VerifiedFiles files;
    private final Map<MnistFile, String> expectedMd5s;

    MnistCache(Path dir, Map<MnistFile, String> expectedMd5s) {
        this.files = new VerifiedFiles(dir, VerifiedFiles.Algorithm.MD5);
        this.expectedMd5s = Map.copyOf(expectedMd5s);
    }

    Path dir() {
        return files.dir();
    }

    Path pathOf(MnistFile file) {
        return files.pathOf(file.fileName());
    }

    boolean holdsValid(MnistFile file) throws IOException {
        return files.holds(file.fileName(), expectedMd5(file));
    }

    /** @throws io.digitstream.fetch.UnavailableException when the MD5 differs; the cache is left as it was */
    void install(MnistFile file, InputStream content, String origin) throws IOException {
        files.install(file.fileName(), expectedMd5(file), content, origin);
    }

    private String expectedMd5(MnistFile file) {
        return Objects.requireNonNull(expectedMd5s.get(file), () -> "no expected MD5 for " + file);
    }
}
