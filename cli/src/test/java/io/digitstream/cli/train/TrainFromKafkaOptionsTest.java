package io.digitstream.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.cli.CommandRun;
import io.digitstream.command.ExitCodes;
import org.junit.jupiter.api.Test;

/** The options of {@code train --from-kafka} that are refused before anything is read. */
class TrainFromKafkaOptionsTest {

    @Test
    void refusesAnMnistShareOutsideZeroToBelowOne() {
        for (String share : new String[] {"1", "-0.1", "NaN"}) {
            CommandRun run = CommandRun.of("train", "--from-kafka", "--mnist-share", share);
            assertThat(run.exitCode()).as(share).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err()).contains("--mnist-share must be at least 0 and below 1");
        }
    }

    @Test
    void refusesNonsenseLimitsAndOffsets() {
        CommandRun timeout = CommandRun.of("train", "--from-kafka", "--kafka-timeout", "0");
        assertThat(timeout.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(timeout.err()).contains("--kafka-timeout must be at least 1 s");

        CommandRun maxImages = CommandRun.of("train", "--from-kafka", "--max-images", "0", "--bootstrap-server", "localhost:1");
        assertThat(maxImages.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(maxImages.err()).contains("--max-images must be at least 1");

        CommandRun until = CommandRun.of("train", "--from-kafka", "--until", "digit-images:0", "--bootstrap-server", "localhost:1");
        assertThat(until.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(until.err()).contains("'digit-images:0' is not TOPIC:PARTITION:OFFSET");
    }
}
