package io.digitstream.lab.cli;

import io.digitstream.config.LayeredConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of {@code train --from-kafka}: where the labeled images are, which of them, how much MNIST to add. */
public final class FromKafkaOptions {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** About 190 MB of model inputs: MNIST train's size. */
    static final int MAX_IMAGES = 60_000;
    /** Fine-tuning a trained network: fewer, smaller steps than training from scratch. */
    static final int EPOCHS = 5;
    static final double LEARNING_RATE = 2e-4;
    /**
     * Half of each epoch is MNIST: replaying as many known images as new ones keeps a small snapshot (a few hundred
     * corrections) from pulling the network away from what it already classifies well, at twice the cost per epoch.
     */
    static final double MNIST_SHARE = 0.5;

    @Option(names = "--from-kafka", description = "Fine-tune from the labeled images in the images and labels topics"
            + " (read_committed, up to --until) instead of MNIST; starts from --init-from (default: the default model),"
            + " 5 epochs at learning rate 2e-4 unless given; MNIST is mixed in by --mnist-share, and MNIST test tests it.")
    boolean enabled;

    // No picocli default: a default flag value would hide the environment and the --config file.
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,...]",
            description = "With --from-kafka: Kafka brokers (default: $DIGITS_KAFKA_BOOTSTRAP_SERVERS, else"
                    + " bootstrap.servers from --config, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "With --from-kafka: Kafka client properties and"
            + " digits.* keys (topic names, image limits), as the classifier's.")
    Path configFile;

    @Option(names = "--from", paramLabel = "TOPIC:PARTITION:OFFSET,...", description = "With --from-kafka: first offset"
            + " to read per partition (default: the first the partition holds).")
    String from;

    @Option(names = "--until", paramLabel = "TOPIC:PARTITION:OFFSET,...", description = "With --from-kafka: offset to"
            + " stop before, per partition (default: the committed end when the command starts).")
    String until;

    @Option(names = "--max-images", description = "With --from-kafka: refuse a snapshot of more image records than"
            + " this (default: ${DEFAULT-VALUE}).")
    int maxImages = MAX_IMAGES;

    @Option(names = "--mnist-share", paramLabel = "SHARE", description = "With --from-kafka: share of each epoch's"
            + " training images drawn from MNIST train (made as --mix says), 0 to train on the snapshot alone"
            + " (default: ${DEFAULT-VALUE}).")
    double mnistShare = MNIST_SHARE;

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS", description = "With --from-kafka: how long Kafka may"
            + " leave a request unanswered (default: ${DEFAULT-VALUE}).")
    int kafkaTimeoutSeconds = 30;

    LayeredConfig config() {
        return LayeredConfig.load(Map.of(BOOTSTRAP_SERVERS, "localhost:9092"), configFile, System.getenv(),
                Collections.singletonMap(BOOTSTRAP_SERVERS, bootstrapServers));
    }

    void check() {
        if (!(mnistShare >= 0 && mnistShare < 1)) {
            throw new IllegalArgumentException("--mnist-share must be at least 0 and below 1, not " + mnistShare);
        }
        if (kafkaTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--kafka-timeout must be at least 1 s, not " + kafkaTimeoutSeconds);
        }
    }
}
