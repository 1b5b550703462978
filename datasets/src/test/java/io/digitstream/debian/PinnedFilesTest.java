package io.digitstream.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.command.UnavailableException;
import io.digitstream.fetch.CommandFailedException;
import io.digitstream.fetch.VerifiedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedFilesTest {
    private static final byte[] CONTENT = "a pinned data file".getBytes(StandardCharsets.US_ASCII);
    private static final PinnedFiles.Pinned PINNED =
            new PinnedFiles.Pinned("sub/data.bin", VerifiedFiles.Algorithm.SHA_256.hexOf(CONTENT));

    @TempDir
    Path cache;

    @Test
    void fetchesMissingFilesOnceAndServesThemFromTheCache(@TempDir Path served) throws IOException {
        Files.createDirectories(served.resolve("sub"));
        Files.write(served.resolve("sub/data.bin"), CONTENT);
        int[] fetches = {0};
        PinnedFiles files = new PinnedFiles(source("a folder", workDir -> {
            fetches[0]++;
            return served;
        }), List.of(PINNED));

        assertThat(files.fetch(cache)).containsExactly(cache.resolve("data.bin"));
        assertThat(files.fetch(cache)).containsExactly(cache.resolve("data.bin"));

        assertThat(fetches[0]).isOne();
        assertThat(cache.resolve("data.bin")).hasBinaryContent(CONTENT);
    }

    @Test
    void filesSharingABaseNameAreCachedUnderTheirOwnNames(@TempDir Path served) throws IOException {
        byte[] other = "another data file".getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(served.resolve("a"));
        Files.createDirectories(served.resolve("b"));
        Files.write(served.resolve("a/image.jpg"), CONTENT);
        Files.write(served.resolve("b/image.jpg"), other);
        PinnedFiles files = new PinnedFiles(source("a folder", workDir -> served), List.of(
                new PinnedFiles.Pinned("a/image.jpg", VerifiedFiles.Algorithm.SHA_256.hexOf(CONTENT), "a.jpg"),
                new PinnedFiles.Pinned("b/image.jpg", VerifiedFiles.Algorithm.SHA_256.hexOf(other), "b.jpg")));

        assertThat(files.fetch(cache)).containsExactly(cache.resolve("a.jpg"), cache.resolve("b.jpg"));
        assertThat(cache.resolve("a.jpg")).hasBinaryContent(CONTENT);
        assertThat(cache.resolve("b.jpg")).hasBinaryContent(other);
        assertThat(cache.resolve("image.jpg")).doesNotExist();
    }

    @Test
    void aFailingSourceIsADownloadFailure() {
        PinnedFiles files = new PinnedFiles(source("a broken source", workDir -> {
            throw new IOException("connection refused");
        }), List.of(PINNED));

        assertThatThrownBy(() -> files.fetch(cache))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("connection refused")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aSourceWithoutTheFileIsADownloadFailure(@TempDir Path empty) {
        PinnedFiles files = new PinnedFiles(source("an empty folder", workDir -> empty), List.of(PINNED));

        assertThatThrownBy(() -> files.fetch(cache))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("an empty folder has no sub/data.bin");
    }

    /** Really runs apt-get download, which fails at once for a package no mirror has. */
    @Test
    void aPackageAptCannotDownloadIsADownloadFailureNamingTheCommandAndWhatItSaid() {
        DebianPackage missing = new DebianPackage("digit-stream-no-such-package", "1.0-1", "0 kB");
        PinnedFiles files = new PinnedFiles(missing.directory("usr/share"), List.of(PINNED));

        // A failed command is itself an UnavailableException: what reaches the user names the command and its output.
        assertThatThrownBy(() -> files.fetch(cache))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("`apt-get download digit-stream-no-such-package` exited with 100")
                .hasMessageContaining("Unable to locate package digit-stream-no-such-package")
                .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(100);
                    // The pinned version was asked for first.
                    assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
                            .contains("`apt-get download digit-stream-no-such-package=1.0-1` exited with 100");
                });
        assertThat(cache).isEmptyDirectory();
    }

    private interface Fetch {
        Path fetch(Path workDir) throws IOException;
    }

    private static PinnedFiles.Source source(String description, Fetch fetch) {
        return new PinnedFiles.Source() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Path fetch(Path workDir) throws IOException {
                return fetch.fetch(workDir);
            }
        };
    }
}
