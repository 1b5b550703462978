package io.digitstream.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.config.Topics;
import io.digitstream.tools.verify.InputCensus;
import io.digitstream.verify.OutputLedger;
import java.time.Duration;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The conservation check on a finished run: every input record has exactly one output. Counts records, not ids: a
 * dead letter is matched with the record at its topic, partition and offset; predictions, which carry only the
 * image id, with the records of that id not dead-lettered, one each.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = {"Check that every record of the images topic has exactly one prediction or one dead letter.",
                "Reads committed records only, from the beginning of the images, predictions and dead-letter topics.",
                "Counts records, not ids: an id sent twice needs two outputs. A dead letter is matched with the record"
                        + " at its topic/partition/offset; predictions carry only the image id and are matched per id.",
                "Records of the output topics that are not outputs (tombstones, other schemas) are reported as"
                        + " foreign, not matched.",
                "Exits with 4 when conservation fails (an input lost, an output duplicated or without input)."})
public final class VerifyCommand extends KafkaCommand {

    /** Beside the exit codes every command shares (io.digitstream.command.ExitCodes): the check ran and failed. */
    static final int CONSERVATION_FAILS = 4;
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--json", description = "Print the counts as one JSON object on the last line.")
    boolean json;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "While inputs have no output yet, keep reading the outputs for up to this long (a run still finishing).")
    long waitSeconds;

    @Override
    int run(Properties kafkaProperties, Topics topics) throws InterruptedException {
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("--wait must not be negative");
        }
        InputCensus inputs = InputCensus.read(kafkaProperties, topics.images(), READ_TIMEOUT);
        try (OutputLedger outputs = new OutputLedger(kafkaProperties, topics)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            OutputLedger.Conservation verdict = readAndCheck(outputs, inputs);
            while (verdict.lost() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                verdict = readAndCheck(outputs, inputs);
            }
            print(verdict, inputs, outputs);
            return verdict.holds() ? OK : CONSERVATION_FAILS;
        }
    }

    private static OutputLedger.Conservation readAndCheck(OutputLedger outputs, InputCensus inputs) {
        if (!outputs.readToEnd(READ_TIMEOUT)) {
            throw new org.apache.kafka.common.errors.TimeoutException("reading the output topics took longer than "
                    + READ_TIMEOUT.toSeconds() + " s");
        }
        return outputs.checkRecords(inputs.records());
    }

    private void print(OutputLedger.Conservation c, InputCensus inputs, OutputLedger outputs) {
        int distinctIds = inputs.ids().size();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode node = mapper.createObjectNode()
                    .put("inputs", c.inputs()).put("inputIds", distinctIds).put("predictions", c.predictions())
                    .put("deadLetters", c.deadLetters()).put("lost", c.lost()).put("duplicated", c.duplicated())
                    .put("unexpected", c.unexpected()).put("conserved", c.holds());
            node.set("foreign", mapper.valueToTree(outputs.foreign()));
            node.set("sideDeadLetters", mapper.valueToTree(outputs.sideDeadLetters()));
            out().println(node);
            return;
        }
        out().printf("inputs        %d records (%d distinct ids)%n", c.inputs(), distinctIds);
        out().printf("predictions   %d%n", c.predictions());
        out().printf("dead letters  %d%n", c.deadLetters());
        out().printf("lost          %d%n", c.lost());
        out().printf("duplicated    %d%n", c.duplicated());
        out().printf("unexpected    %d%n", c.unexpected());
        outputs.foreign().forEach((topic, count) -> out().printf("foreign       %d in %s (not outputs: tombstones,"
                + " other schemas)%n", count, topic));
        outputs.sideDeadLetters().forEach((topic, count) -> out().printf("dead letters  %d of records of %s%n",
                count, topic));
        out().println(c.holds() ? "conservation holds: inputs = predictions + dead letters, each record once"
                : "conservation FAILS");
    }
}
