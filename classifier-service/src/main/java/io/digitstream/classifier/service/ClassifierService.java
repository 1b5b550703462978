package io.digitstream.classifier.service;

import io.digitstream.classifier.http.MetricsHttpServer;
import io.digitstream.classifier.image.ImagePipeline;
import io.digitstream.classifier.metrics.CoPartitioning;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.MetricsListener;
import io.digitstream.classifier.metrics.MetricsTopology;
import io.digitstream.classifier.metrics.MisclassifiedDigits;
import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.stream.ClassifierTopology;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.config.Topics;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running classifier: the topology on a {@link KafkaStreams} instance, with its model loaded once. */
public final class ClassifierService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClassifierService.class);

    private final ServiceConfig config;
    private final DigitModel model;
    private final KafkaStreams streams;
    private final LiveCounters counters = new LiveCounters();
    private final MisclassifiedDigits misclassified = new MisclassifiedDigits();
    /** Live metrics, health and dashboard; null when digits.http.port is -1. */
    private final MetricsHttpServer http;
    private final HostInfo advertised;

    public ClassifierService(ServiceConfig config, DigitModel model) {
        this.config = config;
        this.model = model;
        // Bound before Kafka Streams exists: its address is what this instance advertises for interactive queries.
        this.http = config.http().enabled() ? MetricsHttpServer.bind(config.http()) : null;
        Properties properties = new Properties();
        properties.putAll(config.streams());
        if (http != null) {
            properties.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, http.hostInfo().host() + ":" + http.hostInfo().port());
        }
        this.advertised = properties.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)
                ? HostInfo.buildFromEndpoint(properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG)) : null;
        try {
            this.streams = new KafkaStreams(topology(config, model, counters, misclassified), properties);
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            throw e;
        }
        // A bug in a stream thread must not silently stop classification: the thread is replaced and
        // the transaction it had open is aborted, so its records are processed again, exactly once.
        streams.setStateListener((now, before) -> log.info("classifier state {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public static ClassifierService load(ServiceConfig config) throws IOException {
        return new ClassifierService(config, DigitModel.load(config.model()));
    }

    public static Topology topology(ServiceConfig config, DigitModel model) {
        return topology(config, model, new LiveCounters(), new MisclassifiedDigits());
    }

    /** The classifier, and the live metrics (when enabled) reporting to {@code counters} and {@code misclassified}. */
    static Topology topology(ServiceConfig config, DigitModel model, LiveCounters counters,
            MisclassifiedDigits misclassified) {
        StreamsBuilder builder = new StreamsBuilder();
        ImagePipeline pipeline = new ImagePipeline(config.limits());
        // One network copy per stream thread: DL4J serializes concurrent calls into one network.
        ThreadLocal<RecordClassifier> perThread = ThreadLocal.withInitial(
                () -> new RecordClassifier(pipeline, model.copy(), Clock.systemUTC()).withListener(misclassified));
        ClassifierTopology.build(builder, config.topics(), config.batch(), perThread::get);
        if (config.metrics().enabled()) {
            MetricsTopology.build(builder, config.topics(), config.metrics(), MetricsListener.all(List.of(counters, misclassified)));
        }
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
        if (config.metrics().enabled()) {
            checkCoPartitioning();
            if (!config.metrics().graceCoversJoinWindow()) {
                log.warn("digits.metrics.window.grace ({}) does not exceed digits.metrics.join.window ({}): unlabeled"
                        + " predictions and late labels may miss their time windows", config.metrics().windowGrace(),
                        config.metrics().joinWindow());
            }
        }
        streams.start();
        if (http != null) {
            http.start(streams, advertised, config.metrics(), counters, misclassified);
        }
    }

    private void checkCoPartitioning() {
        Properties admin = new Properties();
        admin.putAll(config.streams());
        try (Admin client = Admin.create(admin)) {
            CoPartitioning.check(client, config.topics().predictions(), config.topics().labels());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking co-partitioning", e);
        }
    }

    /** Where the dashboard, /metrics and /health are served, unless HTTP is off. */
    public Optional<URI> httpAddress() {
        return Optional.ofNullable(http).map(MetricsHttpServer::uri);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        // Leaving the group hands this instance's partitions to the others at once, instead of after
        // the session timeout: a planned stop should not pause classification for 45 seconds.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
