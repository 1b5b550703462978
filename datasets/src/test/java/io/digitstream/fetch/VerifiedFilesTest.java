package io.digitstream.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.command.UnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedFilesTest {
    private static final byte[] CONTENT = "pinned content".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA256 = VerifiedFiles.Algorithm.SHA_256.hexOf(CONTENT);

    @TempDir
    Path dir;

    @Test
    void installsContentWithThePinnedDigestUnderItsName() throws IOException {
        VerifiedFiles files = new VerifiedFiles(dir.resolve("cache"), VerifiedFiles.Algorithm.SHA_256);
        assertThat(files.holds("a.bin", SHA256)).isFalse();

        Path installed = files.install("a.bin", SHA256, new ByteArrayInputStream(CONTENT), "a test");

        assertThat(installed).isEqualTo(dir.resolve("cache/a.bin")).hasBinaryContent(CONTENT);
        assertThat(files.holds("a.bin", SHA256)).isTrue();
    }

    @Test
    void aTamperedCopyIsNotHeldAndIsReplacedByTheNextInstall() throws IOException {
        VerifiedFiles files = new VerifiedFiles(dir, VerifiedFiles.Algorithm.MD5);
        String md5 = VerifiedFiles.Algorithm.MD5.hexOf(CONTENT);
        Files.write(dir.resolve("a.bin"), "bit rot".getBytes(StandardCharsets.US_ASCII));

        assertThat(files.holds("a.bin", md5)).isFalse();
        files.install("a.bin", md5, new ByteArrayInputStream(CONTENT), "a test");

        assertThat(dir.resolve("a.bin")).hasBinaryContent(CONTENT);
        assertThat(files.holds("a.bin", md5)).isTrue();
    }

    @Test
    void contentWithAnotherDigestFailsAsADownloadAndLeavesNothingBehind() throws IOException {
        VerifiedFiles files = new VerifiedFiles(dir, VerifiedFiles.Algorithm.SHA_256);
        byte[] tampered = "tampered".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> files.install("a.bin", SHA256, new ByteArrayInputStream(tampered), "a mirror"))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("SHA-256 mismatch for a.bin from a mirror: got "
                        + VerifiedFiles.Algorithm.SHA_256.hexOf(tampered) + ", expected " + SHA256);
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void digestsAreLowerCaseHexAsSha256sumAndMd5sumPrintThem() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(VerifiedFiles.Algorithm.SHA_256.hexOf(abc))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(VerifiedFiles.Algorithm.MD5.hexOf(abc)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }
}
