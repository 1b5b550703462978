package io.digitstream.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.config.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExitCodesTest {

    @Test
    void theUsersInputIsOne() {
        assertThat(ExitCodes.of(new NoSuchFileException("model.zip"))).isEqualTo(1);
        assertThat(ExitCodes.of(new UncheckedIOException(new IOException("unreadable")))).isEqualTo(1);
        assertThat(ExitCodes.of(new NumberFormatException("x"))).isEqualTo(1);
    }

    @Test
    void kafkaAnywhereInTheCausesIsTwo() {
        assertThat(ExitCodes.of(new TimeoutException("Timed out waiting for a node assignment"))).isEqualTo(2);
        assertThat(ExitCodes.of(new IllegalStateException("cannot create topic digit-images",
                new TimeoutException("timed out")))).isEqualTo(2);
        assertThat(ExitCodes.of(new KafkaException("publishing failed: not acknowledged"))).isEqualTo(2);
    }

    @Test
    void configurationIsSeventyEight() {
        assertThat(ExitCodes.of(new ConfigurationException("unknown key digits.batch.sise"))).isEqualTo(78);
        assertThat(ExitCodes.of(new KafkaException("Failed to construct kafka producer",
                new ConfigException("Invalid value x for configuration acks")))).as("bad client properties").isEqualTo(78);
        assertThat(ExitCodes.of(new IllegalStateException("start", new ConfigurationException("x")))).isEqualTo(78);
    }

    @Test
    void aFailedDownloadIsSixtyNineNotBadInput() {
        assertThat(ExitCodes.of(new UnavailableException("Could not obtain train-images-idx3-ubyte"))).isEqualTo(69);
        assertThat(ExitCodes.of(new IOException("apt-get download failed (or set DIGITS_TEXTURES_DIR)",
                new UnavailableException("apt-get download python3-skimage-data failed")))).as("wrapped").isEqualTo(69);
    }

    @Test
    void anOutputThatCannotBeWrittenIsSeventyFour() {
        OutputException output = new OutputException(Path.of("/ro/model.zip"), new AccessDeniedException("/ro/model.zip"));
        assertThat(ExitCodes.of(output)).isEqualTo(74);
        assertThat(output).hasMessage("cannot write /ro/model.zip: AccessDeniedException: /ro/model.zip");
        assertThat(ExitCodes.of(new UncheckedIOException(output))).isEqualTo(74);
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the old walk went round the loop for ever
    void aLoopOfCausesEnds() {
        IllegalStateException outer = new IllegalStateException("outer");
        IllegalArgumentException inner = new IllegalArgumentException("inner");
        outer.initCause(inner);
        inner.initCause(outer); // outer -> inner -> outer -> ...
        assertThat(ExitCodes.of(outer)).isEqualTo(3);
    }

    @Test
    void anythingElseIsThree() {
        assertThat(ExitCodes.of(new IllegalStateException("cannot listen on 127.0.0.1:8080"))).isEqualTo(3);
        assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(3);
    }

    @Test
    void everyCodeIsDescribedForTheHelp() {
        assertThat(ExitCodes.DESCRIPTIONS).containsOnlyKeys("0", "1", "2", "3", "69", "74", "78");
    }
}
