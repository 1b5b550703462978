package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.ModelLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole {@code digits} command tree: help everywhere, and the same exit codes everywhere. */
class DigitsCommandLineTest {

    /** Every command's path below the root, e.g. [publish, images]. */
    private static List<List<String>> commandPaths(CommandLine command, List<String> path) {
        List<List<String>> paths = new ArrayList<>();
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            paths.addAll(commandPaths(sub, subPath));
        });
        return paths;
    }

    private static List<List<String>> allCommands() {
        return commandPaths(Digits.commandLine(), List.of());
    }

    @Test
    void everyCommandHasHelpListingTheExitCodes() {
        List<List<String>> commands = allCommands();
        assertThat(commands).contains(List.of("serve"), List.of("publish", "images"), List.of("tail", "metrics"),
                List.of("bench", "e2e"), List.of("broker"));
        for (List<String> command : commands) {
            CommandRun help = CommandRun.of(Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new));
            assertThat(help.exitCode()).as("%s --help", command).isZero();
            assertThat(help.out()).as("%s --help", command)
                    .startsWith("Usage: " + String.join(" ", Stream.concat(Stream.of("digits"), command.stream()).toList()))
                    .contains("Exit codes:").containsPattern("2 +Kafka unreachable").containsPattern("78 +invalid configuration");
        }
    }

    @Test
    void anUnknownOptionIsOneEverywhere() {
        for (List<String> command : allCommands()) {
            CommandRun run = CommandRun.of(Stream.concat(command.stream(), Stream.of("--no-such-option")).toArray(String[]::new));
            assertThat(run.exitCode()).as("%s --no-such-option", command).isEqualTo(1);
            assertThat(run.err()).as("%s", command).containsAnyOf("Unknown option: '--no-such-option'", "Missing required");
        }
    }

    @Test
    void aSoupOfModelsTrainedApartIsRefusedAsBadInputBeforeAnythingIsWritten(@TempDir Path dir) {
        Path models = ModelLocator.defaultModelPath().getParent();
        Path output = dir.resolve("soup.zip");
        CommandRun soup = CommandRun.of("soup", "--models", models.resolve("mnist-cnn.zip") + ","
                + models.resolve("mnist-clean.zip"), "--output", output.toString());

        assertThat(soup.exitCode()).isEqualTo(1);
        assertThat(soup.err()).contains("the ingredients hold out different validation images").doesNotContain("\tat ");
        assertThat(output).doesNotExist();
    }

    @Test
    void aMissingConfigFileIsAConfigurationErrorWithAMessageAndNoStackTrace(@TempDir Path dir) {
        CommandRun serve = CommandRun.of("serve", "--config", dir.resolve("missing.properties").toString(), "--http-port", "-1");

        assertThat(serve.exitCode()).isEqualTo(78);
        assertThat(serve.err()).startsWith("digits serve: config file " + dir.resolve("missing.properties"))
                .doesNotContain("\tat ");
    }

    @Test
    void kafkaOutOfReachIsTwo(@TempDir Path dir) throws IOException {
        // Gives up on the absent broker in a second instead of a minute.
        String impatient = Files.writeString(dir.resolve("impatient.properties"),
                "default.api.timeout.ms=1000\nrequest.timeout.ms=1000\nmax.block.ms=1000\n").toString();

        CommandRun serve = CommandRun.of("serve", "--bootstrap-server", "localhost:1", "--config", impatient, "--http-port", "-1");
        CommandRun tail = CommandRun.of("tail", "predictions", "--bootstrap-server", "localhost:1", "--config", impatient);

        assertThat(serve.exitCode()).as(serve.err()).isEqualTo(2);
        assertThat(serve.err()).startsWith("digits serve: cannot create topic digit-images");
        assertThat(tail.exitCode()).as(tail.err()).isEqualTo(2);
    }
}
