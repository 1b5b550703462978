package io.digitstream.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.model.ModelLocator;
import io.digitstream.schemas.ModelRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release is built from a model file and its metadata, checked the way the service will check it. */
class RegistryRecordsTest {

    @Test
    void aReleaseOfAShippedModelNamesItsVersionAndDigest() throws IOException {
        Path clean = ModelLocator.defaultModelPath().resolveSibling("mnist-clean.zip");
        ModelRelease release = RegistryRecords.release(clean, "me", Instant.EPOCH);
        assertThat(release.getVersion()).startsWith("mnist-clean-");
        assertThat(release.getSha256()).isEqualTo(io.digitstream.model.DigitModel.sha256(clean));
        assertThat(release.getModelBytes().remaining()).isEqualTo(Files.size(clean));
        assertThat(RegistryRecords.releaseKey(release.getVersion())).isEqualTo("release/" + release.getVersion());
    }

    @Test
    void aModelWhoseBytesDoNotMatchItsMetadataIsNotPublished(@TempDir Path dir) throws IOException {
        Path clean = ModelLocator.defaultModelPath().resolveSibling("mnist-clean.zip");
        Path copy = Files.copy(clean, dir.resolve("m.zip"));
        Files.copy(clean.resolveSibling("mnist-clean.json"), dir.resolve("m.json"));
        Files.write(copy, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> RegistryRecords.release(copy, null, Instant.EPOCH)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match its metadata");
        Files.delete(dir.resolve("m.json"));
        assertThatThrownBy(() -> RegistryRecords.release(copy, null, Instant.EPOCH)).isInstanceOf(IOException.class)
                .hasMessageContaining("no metadata file");
    }

    @Test
    void versionsUpToTheLimitMakeKeys() {
        int limit = RegistryRecords.MAX_VERSION_BYTES;
        assertThat(RegistryRecords.releaseKey("v".repeat(limit - 1))).hasSize("release/".length() + limit - 1);
        assertThat(RegistryRecords.releaseKey("v".repeat(limit))).hasSize(RegistryRecords.MAX_KEY_BYTES);
        assertThatThrownBy(() -> RegistryRecords.releaseKey("v".repeat(limit + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257 bytes is too long: at most 256");
        // Bytes, not characters: a two-byte character counts twice.
        assertThatThrownBy(() -> RegistryRecords.releaseKey("é".repeat(limit / 2 + 1))).hasMessageContaining("258 bytes");
        assertThatThrownBy(() -> RegistryRecords.releaseKey(" ")).hasMessageContaining("blank");
    }
}
