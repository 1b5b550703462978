package io.digitstream.tools.cli;

import picocli.CommandLine.Command;

/** Groups the producers; runs only through a subcommand. */
@Command(name = "publish", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = "Publish images or labels to Kafka.",
        subcommands = {PublishMnistCommand.class, PublishImagesCommand.class, PublishLabelsCommand.class,
                PublishSyntheticCommand.class})
public final class PublishCommand {

    public PublishCommand() {
    }
}
