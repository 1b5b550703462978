package io.digitstream.tools.cli;

import picocli.CommandLine.Command;

/** Groups the consumers; runs only through a subcommand. */
@Command(name = "tail", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = "Print the classifier's output and live metrics as they arrive (committed records only).",
        subcommands = {TailPredictionsCommand.class, TailDeadLettersCommand.class, TailMetricsCommand.class})
public final class TailCommand {

    public TailCommand() {
    }
}
