package io.digitstream.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.tools.publish.LabelMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes without a broker: 0 for help, 1 for bad usage or input, 2 when Kafka cannot be reached. */
class CommandExitCodesTest {

    @TempDir
    Path dir;

    private static int exitCode(Object command, String... args) {
        return CommandRun.execute(command, args).exitCode();
    }

    @Test
    void helpSucceedsEverywhere() {
        assertThat(exitCode(new PublishCommand(), "--help")).isZero();
        assertThat(exitCode(new PublishCommand(), "mnist", "--help")).isZero();
        assertThat(exitCode(new PublishCommand(), "images", "--help")).isZero();
        assertThat(exitCode(new PublishCommand(), "labels", "--help")).isZero();
        assertThat(exitCode(new TailCommand(), "--help")).isZero();
        assertThat(exitCode(new TailCommand(), "predictions", "--help")).isZero();
        assertThat(exitCode(new TailCommand(), "dead-letters", "--help")).isZero();
    }

    @Test
    void badUsageIsOne() {
        assertThat(exitCode(new PublishCommand())).isEqualTo(1);
        assertThat(exitCode(new TailCommand())).isEqualTo(1);
        assertThat(exitCode(new PublishCommand(), "mnist", "--no-such-option")).isEqualTo(1);
        assertThat(exitCode(new PublishCommand(), "labels")).isEqualTo(1); // --file is required
        assertThat(exitCode(new TailCommand(), "predictions", "--max", "-1")).isEqualTo(1);

        CommandRun watchOnly = CommandRun.execute(new PublishCommand(), "images", dir.toString(), "--after-send", "move");
        assertThat(watchOnly.exitCode()).isEqualTo(1);
        assertThat(watchOnly.err()).contains("--after-send, --settle and --rescan need --watch");
        assertThat(exitCode(new PublishCommand(), "images", dir.toString(), "--label-from-name", "(?<label>\\d")).isEqualTo(1);
        assertThat(exitCode(new PublishCommand(), "images", dir.toString(), "--watch", "--after-send", "shred")).isEqualTo(1);

        CommandRun badEnum = CommandRun.execute(new PublishCommand(), "mnist", "--labels", "sideways");
        assertThat(badEnum.exitCode()).isEqualTo(1);
        assertThat(badEnum.err()).contains("'sideways' is not one of inline, separate, none");
    }

    @Test
    void enumValuesAreWrittenInLowerCase() {
        PublishMnistCommand mnist = new PublishMnistCommand();
        new CommandLine(mnist).parseArgs("--split", "train", "--labels", "separate");

        assertThat(mnist.split).isEqualTo(MnistSplit.TRAIN);
        assertThat(mnist.publishing.labelMode).isEqualTo(LabelMode.SEPARATE);
    }

    @Test
    void badInputIsOne() throws IOException {
        Path csv = Files.writeString(dir.resolve("labels.csv"), "id,label\nx,12\n");

        CommandRun badCsv = CommandRun.execute(new PublishCommand(), "labels", "--file", csv.toString());
        assertThat(badCsv.exitCode()).isEqualTo(1);
        assertThat(badCsv.err()).contains("publish labels: " + csv + " line 2: label '12' is not a digit 0-9");
        assertThat(exitCode(new PublishCommand(), "labels", "--file", dir.resolve("missing.csv").toString()))
                .isEqualTo(1);
        assertThat(exitCode(new PublishCommand(), "images", dir.resolve("missing").toString())).isEqualTo(1);
        assertThat(exitCode(new TailCommand(), "predictions", "--config", dir.resolve("missing.properties").toString()))
                .as("a configuration error").isEqualTo(78);
    }

    @Test
    void unreachableKafkaIsTwo() throws IOException {
        Path csv = Files.writeString(dir.resolve("labels.csv"), "id,label\nx,1\n");
        // Gives up on the absent broker in a second instead of a minute.
        String impatient = Files.writeString(dir.resolve("impatient.properties"),
                "max.block.ms=1000\ndefault.api.timeout.ms=1000\nrequest.timeout.ms=1000\n").toString();
        String noBroker = "localhost:1";

        CommandRun publish = CommandRun.execute(new PublishCommand(), "labels", "--file", csv.toString(),
                "--bootstrap-server", noBroker, "--config", impatient);
        CommandRun tail = CommandRun.execute(new TailCommand(), "predictions", "--bootstrap-server", noBroker,
                "--config", impatient);

        assertThat(publish.exitCode()).isEqualTo(2);
        assertThat(publish.err()).contains("publish labels: Kafka error:");
        assertThat(tail.exitCode()).isEqualTo(2);
        assertThat(tail.err()).contains("tail predictions: Kafka error:");
    }
}
