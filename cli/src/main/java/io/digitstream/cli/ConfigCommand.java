package io.digitstream.cli;

import io.digitstream.command.OutputException;
import io.digitstream.config.DigitsKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints every {@code digits.*} key with its default and meaning, or puts that table into the docs. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Lists every digits.* configuration key with its default and meaning, as a Markdown table.")
final class ConfigCommand implements Callable<Integer> {

    @Option(names = "--update", paramLabel = "FILE",
            description = "Replace the table between the config-table markers of FILE (docs/configuration.md) instead.")
    Path document;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (document == null) {
            spec.commandLine().getOut().print(DigitsKeys.markdownTable());
            spec.commandLine().getOut().flush();
            return 0;
        }
        String regenerated = ConfigTable.regenerated(Files.readString(document));
        OutputException.writing(document, () -> Files.writeString(document, regenerated));
        return 0;
    }
}
