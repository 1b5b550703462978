package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.idx.LabeledImages;
import io.digitstream.tools.publish.ImagePublisher;
import java.io.IOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "mnist", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = "Publish MNIST images as GRAY8 records keyed by id (mnist-test-00042, ...), fetching the"
                + " dataset into the cache first when missing.")
public final class PublishMnistCommand extends KafkaCommand {

    @Option(names = "--split", paramLabel = "test|train", converter = LowerCaseEnumConverter.Splits.class,
            description = "Which MNIST set (default: test).")
    MnistSplit split = MnistSplit.TEST;

    @Option(names = "--source", description = "Source recorded in each image (default: mnist-<split>).")
    String source;

    @Mixin
    MnistSubset mnist;

    @Mixin
    ImagePublishOptions publishing;

    public PublishMnistCommand() {
    }

    @Override
    int run(Properties kafkaProperties, Topics topics) throws IOException, InterruptedException {
        LabeledImages images = mnist.load(split::load);
        try (ImagePublisher publisher = publishing.open(kafkaProperties, topics)) {
            int sent = publisher.publishMnist(images, source == null ? split.prefix() : source, split.prefix(),
                    publishing.labelMode, publishing.rate, publishing.progressBar(split.prefix()));
            out().println(publishing.summary(sent, topics));
        }
        return OK;
    }
}
