package io.digitstream.classifier.service;

import io.digitstream.classifier.image.ImagePipeline;
import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.model.NativeBackend;
import io.digitstream.classifier.stream.ClassifierTopology;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.config.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running classifier: the topology on a {@link KafkaStreams} instance, with its model loaded once. */
public final class ClassifierService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClassifierService.class);

    private final ServiceConfig config;
    private final DigitModel model;
    private final KafkaStreams streams;

    public ClassifierService(ServiceConfig config, DigitModel model) {
        this.config = config;
        this.model = model;
        NativeBackend.limitThreads(config.inferenceThreads());
        this.streams = new KafkaStreams(topology(config, model), config.streams());
        // A bug in a stream thread must not silently stop classification: the thread is replaced and
        // the transaction it had open is aborted, so its records are processed again, exactly once.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public static ClassifierService load(ServiceConfig config) throws IOException {
        return new ClassifierService(config, DigitModel.load(config.model()));
    }

    public static Topology topology(ServiceConfig config, DigitModel model) {
        StreamsBuilder builder = new StreamsBuilder();
        ImagePipeline pipeline = new ImagePipeline(config.limits());
        // One network copy per stream thread: DL4J serializes concurrent calls into one network.
        ThreadLocal<RecordClassifier> perThread = ThreadLocal.withInitial(
                () -> new RecordClassifier(pipeline, model.copy(), Clock.systemUTC()));
        ClassifierTopology.build(builder, config.topics(), config.batch(), perThread::get);
        return builder.build(config.streams());
    }

    /** Creates the topics that are missing, so a fresh cluster works without manual steps. */
    public void createTopics() throws InterruptedException {
        Properties admin = new Properties();
        admin.putAll(config.streams());
        try (Admin client = Admin.create(admin)) {
            Topics.create(client, config.topics().all(), config.topicPartitions(), config.topicReplication());
        }
    }

    public void start() {
        log.info("starting classifier with model {} ({}), images {} -> predictions {}, dead letters {}",
                config.model(), model.version(), config.topics().images(), config.topics().predictions(),
                config.topics().deadLetters());
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
