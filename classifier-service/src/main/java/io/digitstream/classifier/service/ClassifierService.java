package io.digitstream.classifier.service;

import io.digitstream.classifier.http.MetricsHttpServer;
import io.digitstream.classifier.http.StreamHealth;
import io.digitstream.classifier.metrics.CoPartitioning;
import io.digitstream.classifier.metrics.DriftScoring;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.MetricsListener;
import io.digitstream.classifier.metrics.MetricsTopology;
import io.digitstream.classifier.metrics.MisclassifiedDigits;
import io.digitstream.classifier.review.ReviewDesk;
import io.digitstream.classifier.registry.ModelFollower;
import io.digitstream.classifier.registry.ModelRegistry;
import io.digitstream.classifier.stream.ClassifierTopology;
import io.digitstream.classifier.stream.LiveModels;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.classifier.stream.ReviewPolicy;
import io.digitstream.config.Topics;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.image.ImagePipeline;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running classifier: the topology on a {@link KafkaStreams} instance, with its models loaded once
 * (the default model and the routed ones, {@code digits.model.routes}, on the engine {@code digits.engine}).
 */
public final class ClassifierService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClassifierService.class);
    /** How long start waits to read the model registry before serving the model file. */
    static final Duration REGISTRY_CATCH_UP = Duration.ofSeconds(30);

    private final ServiceConfig config;
    /** What the stream classifies with now; a hot swap replaces them between batches. */
    private final LiveModels models;
    private final KafkaStreams streams;
    private final LiveCounters counters;
    private final MisclassifiedDigits misclassified = new MisclassifiedDigits();
    /** Stream-thread failures: readiness and their counts on /metrics. */
    private final StreamHealth health;
    /** Live metrics, health and dashboard; null when digits.http.port is -1. */
    private final MetricsHttpServer http;
    private final HostInfo advertised;
    /** The review page's feed and label producer; null unless the review is on and HTTP serves. */
    private ReviewDesk review;
    /** Follows the model registry (digits.models.follow); null when off. */
    private final ModelFollower registry;

    /**
     * With {@code model} as the default model, already loaded; the routed models of the configuration are
     * loaded and every model is opened on the configured engine here.
     *
     * @throws UncheckedIOException when a routed model is missing or refused, or the engine refuses a model
     * @throws IllegalArgumentException for an unknown engine
     */
    public ClassifierService(ServiceConfig config, DigitModel model) {
        this(config, openModels(config, model));
    }

    /** With the engines each image is routed to, already opened. */
    public ClassifierService(ServiceConfig config, ModelRouter models) {
        this.config = config;
        this.models = new LiveModels(models);
        if (config.challenger().model() != null) {
            this.models.challenge(openChallenger(config));
        }
        this.counters = new LiveCounters(config.metrics().maxSources());
        this.health = new StreamHealth(config.http().readyFailures(), config.http().readyWindow());
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
            this.registry = config.registry().follow() ? new ModelFollower(config.registry(), config.streams(), this.models,
                    config.engine(), config.engineSettings()) : null;
            this.streams = new KafkaStreams(topology(config, this.models, counters, misclassified), properties);
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        if (http != null && registry != null) {
            http.extend("/models", registry.status()::json, registry.status());
        }
        // A bug in a stream thread must not silently stop classification: the thread is replaced and
        // the transaction it had open is aborted, so its records are processed again, exactly once. Failing again
        // and again (on the same record) keeps the state RUNNING, so readiness counts the failures (StreamHealth).
        // An error of version, credentials or configuration stops the client instead (StreamFailurePolicy).
        streams.setStateListener((now, before) -> log.info("classifier state {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(new StreamFailurePolicy(health));
    }

    /**
     * Loads and verifies every model of the configuration ({@link #loadModels}), then builds the service.
     *
     * @throws IOException naming the model (default or routed) that is missing, corrupt or incompatible
     * @throws IllegalArgumentException for an unknown engine (naming the available ones)
     */
    public static ClassifierService load(ServiceConfig config) throws IOException {
        return new ClassifierService(config, loadModels(config));
    }

    /**
     * The default model ({@code digits.model}) and the routed ones ({@code digits.model.routes}), each loaded,
     * verified and opened on {@code digits.engine}: what {@code serve} checks before it starts.
     */
    public static ModelRouter loadModels(ServiceConfig config) throws IOException {
        return ModelRouter.load(config.model(), null, config.modelRoutes(), config.engine(), config.engineSettings());
    }

    /** The challenger of {@code digits.model.challenger}, loaded, verified and opened like the default model. */
    public static LiveModels.Challenger openChallenger(ServiceConfig config) {
        ChallengerConfig challenger = config.challenger();
        try {
            return new LiveModels.Challenger(Engines.open(config.engine(), DigitModel.load(challenger.model()),
                    config.engineSettings()), challenger.canaryShare());
        } catch (IOException e) {
            throw new UncheckedIOException("challenger " + challenger.model() + " (" + ChallengerConfig.MODEL + "): "
                    + e.getMessage(), e);
        }
    }

    /** As {@link #loadModels(ServiceConfig)}, with {@code model} as the default model, already loaded. */
    public static ModelRouter loadModels(ServiceConfig config, DigitModel model) throws IOException {
        return ModelRouter.load(config.model(), model, config.modelRoutes(), config.engine(), config.engineSettings());
    }

    private static ModelRouter openModels(ServiceConfig config, DigitModel model) {
        try {
            return loadModels(config, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    public static Topology topology(ServiceConfig config, DigitModel model) {
        return topology(config, ModelRouter.single(model));
    }

    public static Topology topology(ServiceConfig config, ModelRouter models) {
        return topology(config, new LiveModels(models), new LiveCounters(), new MisclassifiedDigits());
    }

    /** The classifier, and the live metrics (when enabled) reporting to {@code counters} and {@code misclassified}. */
    /** With the models of {@code models}, followed through swaps. */
    public static Topology topology(ServiceConfig config, LiveModels models) {
        return topology(config, models, new LiveCounters(), new MisclassifiedDigits());
    }

    static Topology topology(ServiceConfig config, LiveModels models, LiveCounters counters,
            MisclassifiedDigits misclassified) {
        StreamsBuilder builder = new StreamsBuilder();
        ImagePipeline pipeline = new ImagePipeline(config.limits());
        // One copy of every engine per stream thread (DL4J serializes concurrent calls into one network), taken again
        // by each thread when the models change.
        ReviewPolicy review = ReviewPolicy.of(config.review(), models.current().champion().engines());
        ThreadLocal<RecordClassifier> perThread = ThreadLocal.withInitial(
                () -> new RecordClassifier(pipeline, models, Clock.systemUTC()).withListener(misclassified)
                        .withBudget(config.budget()).withReview(review));
        ClassifierTopology.build(builder, config.topics(), config.challenger().shadowTopic(), config.batch(), perThread::get,
                review.enabled() ? config.review().topic() : null);
        if (config.metrics().enabled()) {
            MetricsTopology.build(builder, config.topics(), config.metrics(), MetricsListener.all(List.of(counters, misclassified)),
                    drift(config, models));
        }
        return builder.build(config.streams());
    }

    /** Drift is scored against the references in the serving models' metadata, by the version each prediction names. */
    private static DriftScoring drift(ServiceConfig config, LiveModels models) {
        return DriftScoring.following(config.metrics().drift(), () -> models.current().champion().metadata());
    }

    /** Creates the topics that are missing, so a fresh cluster works without manual steps. */
    public void createTopics() throws InterruptedException {
        Properties admin = new Properties();
        admin.putAll(config.streams());
        try (Admin client = Admin.create(admin)) {
            List<String> names = new ArrayList<>(config.topics().all());
            names.add(config.challenger().shadowTopic());
            if (config.review().enabled()) {
                names.add(config.review().topic());
            }
            Topics.create(client, names, config.topicPartitions(), config.topicReplication());
            ModelRegistry.createTopic(client, config.registry(), config.topicReplication());
        }
    }

    public void start() {
        log.info("starting classifier with model {} ({}; engine {}), images {} -> predictions {}, dead letters {}",
                config.model(), models.current().champion().describe(), Engines.resolve(config.engine()), config.topics().images(), config.topics().predictions(),
                config.topics().deadLetters());
        LiveModels.Challenger challenger = models.current().challenger();
        if (challenger != null) {
            log.info("challenger {}: {}; the predictions that are not the output -> {}", challenger.engine().version(),
                    challenger.shadow() ? "shadow" : "canary of " + challenger.canaryShare() + " of the images",
                    config.challenger().shadowTopic());
        }
        if (config.metrics().enabled()) {
            checkCoPartitioning();
            if (!config.metrics().graceCoversJoinWindow()) {
                log.warn("digits.metrics.window.grace ({}) does not exceed digits.metrics.join.window ({}): unlabeled"
                        + " predictions and late labels may miss their time windows", config.metrics().windowGrace(),
                        config.metrics().joinWindow());
            }
        }
        if (registry != null) {
            registry.start(REGISTRY_CATCH_UP); // before the streams: a registry champion classifies the first image
        }
        streams.start();
        if (http != null && config.review().enabled()) {
            review = new ReviewDesk(config.review(), config.topics().labels(), config.streams()).start();
            http.withReview(review);
        }
        if (http != null) {
            http.start(streams, advertised, config.metrics(), counters, misclassified, health, drift(config, models));
            FunctionCounter.builder("digits_challenger_failures_total", models, LiveModels::challengerFailures)
                    .description("Batches the challenger failed to score (the champion's predictions were the output)")
                    .register(http.meters());
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

    /** The models this instance classifies with; installing others here swaps them between batches. */
    public LiveModels models() {
        return models;
    }

    /** The model registry follower, unless digits.models.follow is off. */
    public Optional<ModelFollower> registry() {
        return Optional.ofNullable(registry);
    }

    /**
     * Why Kafka Streams stopped on its own (state ERROR), as the exception a command ends with: the error no new stream
     * thread could heal and what to fix ({@link StreamFailurePolicy}). Empty while it runs, and after a planned close.
     */
    public Optional<RuntimeException> failure() {
        if (streams.state() != KafkaStreams.State.ERROR) {
            return Optional.empty();
        }
        return Optional.of(health.stop().<RuntimeException>map(stop -> stop.cause() instanceof Error
                        ? new IllegalStateException("Kafka Streams stopped: " + stop.reason(), stop.cause())
                        : new StreamsException("Kafka Streams stopped: " + stop.reason(), stop.cause()))
                .orElseGet(() -> new StreamsException("Kafka Streams stopped on an error (see the log above)")));
    }

    /** Stream-thread failures so far, and whether they make the service not ready. */
    public StreamHealth health() {
        return health;
    }

    private void closeQuietly() {
        if (http != null) {
            http.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (review != null) {
            review.close();
        }
        if (registry != null) {
            registry.close();
        }
        // Leaving the group hands this instance's partitions to the others at once, instead of after
        // the session timeout: a planned stop should not pause classification for 45 seconds.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
