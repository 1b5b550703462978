package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.imagefolder.LabelsCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "labels", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = "Publish ground truth for images already sent, as LabelEvents keyed by image id.")
public final class PublishLabelsCommand extends KafkaCommand {

    @Option(names = "--file", paramLabel = "CSV", required = true,
            description = "Rows of id,label (label 0-9), optionally after an id,label header.")
    Path file;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Labels topic (default: digits.topic.labels from --config or $DIGITS_TOPIC_LABELS,"
                    + " else digit-labels).")
    String topic;

    @Option(names = "--source", description = "Who labeled the images (default: the CSV file's name).")
    String source;

    public PublishLabelsCommand() {
    }

    @Override
    int run(Properties kafkaProperties, Topics topics) throws IOException {
        Map<String, Integer> labels = LabelsCsv.read(file);
        String labelsTopic = topic != null ? topic : topics.labels();
        try (ImagePublisher publisher = new ImagePublisher(kafkaProperties, topics.images(), labelsTopic)) {
            int sent = publisher.publishLabels(labels, source != null ? source : file.getFileName().toString());
            out().println("published " + sent + " labels to " + labelsTopic);
        }
        return OK;
    }
}
