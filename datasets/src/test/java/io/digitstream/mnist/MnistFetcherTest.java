package io.digitstream.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.command.UnavailableException;
import io.digitstream.mnist.MnistFetcher.NpmFallback;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {
    /** The discard port: nothing listens there, so connections are refused at once. */
    private static final URI UNREACHABLE = URI.create("http://127.0.0.1:9/mnist/");
    private static final byte[] LABELS = "stand-in for t10k labels".getBytes(StandardCharsets.US_ASCII);
    private static final Map<MnistFile, String> MD5S = Map.of(MnistFile.TEST_LABELS, Md5.of(LABELS));

    @TempDir
    Path cacheDir;

    private FakeMirror mirror;

    @BeforeEach
    void startMirror() throws IOException {
        mirror = new FakeMirror();
    }

    @AfterEach
    void stopMirror() {
        mirror.close();
    }

    @Test
    void fetchesFromTheFirstMirrorThatWorks() throws IOException {
        mirror.serve(MnistFile.TEST_LABELS, LABELS);

        Path fetched = fetcher(UNREACHABLE, mirror.baseUrl()).ensure(MnistFile.TEST_LABELS);

        assertThat(fetched).isEqualTo(cacheDir.resolve("t10k-labels-idx1-ubyte")).hasBinaryContent(LABELS);
    }

    @Test
    void usesAValidCachedFileWithoutFetching() throws IOException {
        Files.write(cacheDir.resolve("t10k-labels-idx1-ubyte"), LABELS);

        fetcher(mirror.baseUrl()).ensure(MnistFile.TEST_LABELS);

        assertThat(mirror.requests()).isZero();
    }

    @Test
    void refetchesACorruptedCachedFile() throws IOException {
        mirror.serve(MnistFile.TEST_LABELS, LABELS);
        Path cached = cacheDir.resolve("t10k-labels-idx1-ubyte");
        Files.write(cached, "bit rot".getBytes(StandardCharsets.US_ASCII));

        fetcher(mirror.baseUrl()).ensure(MnistFile.TEST_LABELS);

        assertThat(mirror.requests()).isOne();
        assertThat(cached).hasBinaryContent(LABELS);
    }

    @Test
    void rejectsADownloadWithTheWrongMd5AndLeavesNothingBehind() throws IOException {
        mirror.serve(MnistFile.TEST_LABELS, "tampered".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> fetcher(mirror.baseUrl()).ensure(MnistFile.TEST_LABELS))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("MD5 mismatch for t10k-labels-idx1-ubyte from mirror " + mirror.baseUrl());
        try (var files = Files.list(cacheDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void failureNamesEverySourceAndTheManualWayOut() {
        URI missingFile = mirror.baseUrl();

        assertThatThrownBy(() -> fetcher(UNREACHABLE, missingFile).ensure(MnistFile.TEST_LABELS))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("mirror " + UNREACHABLE)
                .hasMessageContaining("mirror " + missingFile)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining(cacheDir.toAbsolutePath() + " by hand");
    }

    @Test
    void saysSoWhenNoSourceIsEnabled() {
        assertThatThrownBy(() -> fetcher().ensure(MnistFile.TEST_LABELS))
                .hasMessageContaining("No sources are enabled");
    }

    private MnistFetcher fetcher(URI... mirrors) {
        return new MnistFetcher(cacheDir, List.of(mirrors), NpmFallback.DISABLED, MD5S);
    }
}
