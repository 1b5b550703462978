package io.digitstream.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** {@code train --teacher} distils into a model trained on files; with {@code --from-kafka} it is refused, not ignored. */
class TrainTeacherOptionTest {

    @Test
    void aTeacherDoesNotGoWithTrainingFromKafka() {
        long start = System.nanoTime();

        CommandRun run = CommandRun.of("train", "--from-kafka", "--bootstrap-server", "127.0.0.1:1",
                "--teacher", "models/mnist-cnn.zip");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--teacher distils into a model trained on files; it does not go with --from-kafka");
        assertThat(System.nanoTime() - start).as("refused before reaching for a broker").isLessThan(20_000_000_000L);
    }
}
