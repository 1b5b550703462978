package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.digitstream.command.ExitCodes;
import io.digitstream.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} against brokers that refuse one of its settings ({@code group.protocol=streams} on a cluster without the
 * {@code streams.version} feature): it ends on its own, soon, with the reason, what to fix and a non-zero exit, instead
 * of replacing its stream threads for minutes while it looks alive.
 */
class ServeStopsOnUnrecoverableErrorIT {

    @Test
    void serveExitsWithTheReasonWhenTheBrokersRefuseItsSettings(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            kafka.disableFeature("streams.version");
            Path config = dir.resolve("serve.properties");
            Files.writeString(config, "group.protocol=streams\nstate.dir=" + dir.resolve("state") + "\n"
                    + "digits.topic.partitions=1\ndigits.topic.replication=1\n");

            long start = System.nanoTime();
            CommandRun run = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> CommandRun.of("serve",
                    "--config", config.toString(), "--bootstrap-server", kafka.bootstrapServers(),
                    "--application-id", "serve-unrecoverable", "--http-port", "0"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("ServeStopsOnUnrecoverableErrorIT: serve exited %d after %d ms: %s%n", run.exitCode(),
                    took.toMillis(), run.err().strip());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.KAFKA_FAILURE);
            assertThat(run.err()).startsWith("digits serve: Kafka Streams stopped: UnsupportedVersionException: ")
                    .contains("STREAMS group protocol", "; to fix: ", "streams.version", "group.protocol=classic");
        }
    }
}
