package io.digitstream.cli;

import io.digitstream.classifier.cli.BaselineCommand;
import io.digitstream.classifier.cli.EvaluateCommand;
import io.digitstream.classifier.cli.ServeCommand;
import io.digitstream.classifier.cli.TrainCommand;
import io.digitstream.cli.bench.BenchCommand;
import io.digitstream.cli.demo.DemoCommand;
import io.digitstream.tools.cli.PublishCommand;
import io.digitstream.tools.cli.TailCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "digits", mixinStandardHelpOptions = true, version = "digit-stream 0.1.0",
        description = "Streaming classifier for handwritten digits on Kafka Streams and Deeplearning4j.",
        subcommands = {DemoCommand.class, ServeCommand.class, TrainCommand.class, EvaluateCommand.class, BaselineCommand.class,
                PublishCommand.class, TailCommand.class, BenchCommand.class})
public final class Digits {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Digits()).execute(args));
    }
}
