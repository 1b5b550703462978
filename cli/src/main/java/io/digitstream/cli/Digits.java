package io.digitstream.cli;

import io.digitstream.classifier.cli.ServeCommand;
import io.digitstream.cli.bench.BenchCommand;
import io.digitstream.cli.broker.BrokerCommand;
import io.digitstream.cli.demo.DemoCommand;
import io.digitstream.cli.models.ModelsCommand;
import io.digitstream.command.ExitCodes;
import io.digitstream.lab.cli.BaselineCommand;
import io.digitstream.lab.cli.EvaluateCommand;
import io.digitstream.lab.cli.SoupCommand;
import io.digitstream.lab.cli.TrainCommand;
import io.digitstream.tools.cli.PublishCommand;
import io.digitstream.tools.cli.TailCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "digits", mixinStandardHelpOptions = true, version = "digit-stream 0.1.0",
        description = "Streaming classifier for handwritten digits on Kafka Streams and Deeplearning4j.",
        subcommands = {DemoCommand.class, ServeCommand.class, TrainCommand.class, SoupCommand.class, EvaluateCommand.class, BaselineCommand.class,
                PublishCommand.class, TailCommand.class, io.digitstream.tools.cli.VerifyCommand.class, BenchCommand.class,
                BrokerCommand.class, ConfigCommand.class, ModelsCommand.class})
public final class Digits {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree, every command with the same exit codes (listed in its --help) and error reporting. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Digits());
        root.setExecutionExceptionHandler(new FailureReport());
        applyToAll(root);
        return root;
    }

    private static void applyToAll(CommandLine command) {
        command.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.BAD_INPUT);
        command.getCommandSpec().exitCodeOnExecutionException(ExitCodes.FAILURE);
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.DESCRIPTIONS);
        command.getSubcommands().values().forEach(Digits::applyToAll);
    }
}
