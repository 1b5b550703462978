package io.digitstream.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void theUsersInputIsOne() {
        assertThat(ExitCodes.of(new NoSuchFileException("model.zip"))).isEqualTo(1);
        assertThat(ExitCodes.of(new UncheckedIOException(new IOException("unreadable")))).isEqualTo(1);
        assertThat(ExitCodes.of(new NumberFormatException("x"))).isEqualTo(1);
        assertThat(ExitCodes.of(new KafkaException("Failed to construct kafka producer",
                new ConfigException("Invalid value x for configuration acks")))).as("bad client properties").isEqualTo(1);
    }

    @Test
    void kafkaAnywhereInTheCausesIsTwo() {
        assertThat(ExitCodes.of(new TimeoutException("Timed out waiting for a node assignment"))).isEqualTo(2);
        assertThat(ExitCodes.of(new IllegalStateException("cannot create topic digit-images",
                new TimeoutException("timed out")))).isEqualTo(2);
        assertThat(ExitCodes.of(new KafkaException("publishing failed: not acknowledged"))).isEqualTo(2);
    }

    @Test
    void anythingElseIsThree() {
        assertThat(ExitCodes.of(new IllegalStateException("cannot listen on 127.0.0.1:8080"))).isEqualTo(3);
        assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(3);
    }
}
