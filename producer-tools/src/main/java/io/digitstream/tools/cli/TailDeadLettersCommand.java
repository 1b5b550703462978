package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.tools.tail.DeadLetterFormat;
import picocli.CommandLine.Command;

@Command(name = "dead-letters", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = {"Print the inputs the classifier rejected: time, failure stage, image id, origin"
                + " (topic-partition@offset), reason.",
                "With --json: imageId, stage, reason, topic, partition, offset, time (epoch ms),"
                + " originalValueBytes (length of the rejected value)."})
public final class TailDeadLettersCommand extends TailTopicCommand<DeadLetter> {

    public TailDeadLettersCommand() {
        super(Topics::deadLetters, ContractSerdes.deadLetter(), new DeadLetterFormat());
    }
}
