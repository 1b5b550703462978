package io.digitstream.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaOptionsTest {

    private static final Map<String, String> ENV = Map.of("DIGITS_KAFKA_BOOTSTRAP_SERVERS", "env:9092");

    @TempDir
    Path dir;

    private String bootstrapServers(Map<String, String> environment, String... args) throws IOException {
        KafkaOptions options = new KafkaOptions();
        new CommandLine(options).parseArgs(args);
        return options.config(environment).kafkaProperties().getProperty("bootstrap.servers");
    }

    @Test
    void flagsBeatEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "bootstrap.servers=file:9092\nsecurity.protocol=SASL_SSL\n");

        assertThat(bootstrapServers(Map.of())).isEqualTo("localhost:9092");
        assertThat(bootstrapServers(Map.of(), "--config", file.toString())).isEqualTo("file:9092");
        assertThat(bootstrapServers(ENV, "--config", file.toString())).isEqualTo("env:9092");
        assertThat(bootstrapServers(ENV, "--config", file.toString(), "--bootstrap-server", "flag:9092"))
                .isEqualTo("flag:9092");
    }

    @Test
    void fileSettingsReachTheClient() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_SSL\n");
        KafkaOptions options = new KafkaOptions();
        new CommandLine(options).parseArgs("--config", file.toString());

        assertThat(options.config(Map.of()).kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
    }
}
