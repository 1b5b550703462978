package io.digitstream.classifier.service;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.stream.BatchPolicy;
import io.digitstream.classifier.stream.InvalidTimestampFallback;
import io.digitstream.classifier.stream.RecordBudget;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelRoute;
import io.digitstream.model.image.ImageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The service's configuration: topic names, model, input limits and the Kafka Streams properties,
 * layered as {@link LayeredConfig} describes. Exactly-once v2 is the default processing guarantee.
 * Live metrics ({@link MetricsConfig}: {@code digits.metrics.*}) and the HTTP side ({@link HttpConfig}:
 * {@code digits.http.*}, on 127.0.0.1:8080 by default) read their own keys, with their defaults there.
 *
 * <p>Models and engines:
 * <ul>
 *   <li>{@code digits.model}: the default model file (its metadata {@code <model>.json} beside it).</li>
 *   <li>{@code digits.model.routes}: per-source models, comma-separated {@code SOURCE_GLOB=MODEL_PATH} entries,
 *       first match wins, e.g. {@code rot*=models/mnist-rot.zip,scanner-7=/opt/digits/scanner7.zip}; an image
 *       whose {@code source} matches no glob goes to {@code digits.model}. In a glob, {@code *} is any run of
 *       characters and {@code ?} one character; the whole source must match. Every routed model is loaded and
 *       verified at start like the default one, so a malformed entry or a missing, corrupt or incompatible
 *       model refuses to start. Each prediction's {@code modelVersion} is the version of the model that made it.
 *       Unset, it is {@code rot*=<dir>/mnist-rot.zip} when the rotation model lies beside the default model
 *       ({@link ModelRoute#shippedDefaults}); set it empty for no routes.</li>
 *   <li>{@code digits.engine}: {@code dl4j} (default), {@code onnx} or {@code onnx-int8} (the latter two when the
 *       {@code engine-onnx} module is on the class path, as in {@code bin/digits}); it runs every model, the
 *       routed ones too. An unknown or unavailable engine refuses to start, naming the available ones.
 *       {@code digits.engine.*} keys go to the engine ({@code digits.engine.onnx.threads}: ONNX Runtime threads
 *       per call, default 1).</li>
 * </ul>
 *
 * <p>Per-record limits ({@link RecordBudget}): the largest record value taken in is derived from the Streams
 * producer's {@code max.request.size} and {@code topic.max.message.bytes}; {@code digits.image.max.bytes}
 * (pixel bytes) defaults to it and cannot exceed it. {@code digits.image.max.pixels} is the decoded-pixel budget
 * of one image (larger pages are decoded reduced), {@code digits.batch.max.pixels} that of a micro-batch.
 * Negative record timestamps are replaced, not fatal ({@link InvalidTimestampFallback}).
 */
public record ServiceConfig(Topics topics, Path model, ImageLimits limits, BatchPolicy batch,
        int topicPartitions, short topicReplication, Properties streams, MetricsConfig metrics, HttpConfig http,
        List<ModelRoute> modelRoutes, String engine, Map<String, String> engineSettings) {

    public static final String MODEL = "digits.model";
    public static final String MODEL_ROUTES = "digits.model.routes";
    public static final String ENGINE = "digits.engine";
    public static final String MAX_WIDTH = "digits.image.max.width";
    public static final String MAX_HEIGHT = "digits.image.max.height";
    public static final String MAX_BYTES = "digits.image.max.bytes";
    public static final String MAX_PIXELS = "digits.image.max.pixels";
    public static final String PARTITIONS = "digits.topic.partitions";
    public static final String REPLICATION = "digits.topic.replication";
    public static final String BATCH_SIZE = "digits.batch.size";
    public static final String BATCH_MAX_DELAY_MS = "digits.batch.max.delay.ms";
    public static final String BATCH_MAX_PIXELS = "digits.batch.max.pixels";

    /** Defaults below every other layer. */
    public static Map<String, String> defaults() {
        return Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "digit-classifier",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2", // one per core: each thread classifies with its own network
                "processing.exception.handler.global.enabled", "true",
                // An idle stream thread blocks in poll() this long; punctuations that close batches wait for it.
                StreamsConfig.POLL_MS_CONFIG, "5",
                // A negative record timestamp must not stop the application (Kafka's default extractor fails on it).
                StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, InvalidTimestampFallback.class.getName(),
                PARTITIONS, "6",
                REPLICATION, "-1");
    }

    public static ServiceConfig from(LayeredConfig config, Path defaultModel) {
        int maxValueBytes = RecordBudget.of(config.kafkaProperties()).maxValueBytes();
        ImageLimits limits = new ImageLimits(
                config.getInt(MAX_WIDTH, ImageLimits.DEFAULT.maxWidth()),
                config.getInt(MAX_HEIGHT, ImageLimits.DEFAULT.maxHeight()),
                Math.min(config.getInt(MAX_BYTES, maxValueBytes), maxValueBytes),
                config.getInt(MAX_PIXELS, ImageLimits.DEFAULT_MAX_PIXELS));
        BatchPolicy batch = new BatchPolicy(config.getInt(BATCH_SIZE, BatchPolicy.DEFAULT.size()),
                Duration.ofMillis(config.getInt(BATCH_MAX_DELAY_MS, (int) BatchPolicy.DEFAULT.maxDelay().toMillis())),
                config.getInt(BATCH_MAX_PIXELS, (int) BatchPolicy.DEFAULT_MAX_PIXELS));
        Path model = Path.of(config.get(MODEL, defaultModel.toString()));
        String routes = config.get(MODEL_ROUTES, null);
        return new ServiceConfig(Topics.from(config), model, limits,
                batch, config.getInt(PARTITIONS, 6), (short) config.getInt(REPLICATION, -1), config.kafkaProperties(),
                MetricsConfig.from(config), HttpConfig.from(config),
                routes == null ? ModelRoute.shippedDefaults(model) : List.copyOf(ModelRoute.parseAll(MODEL_ROUTES, routes)),
                config.get(ENGINE, Engines.DL4J).strip(), engineSettings(config));
    }

    /** The per-record size budget the Kafka Streams properties allow. */
    public RecordBudget budget() {
        return RecordBudget.of(streams);
    }

    private static Map<String, String> engineSettings(LayeredConfig config) {
        Map<String, String> settings = new TreeMap<>();
        config.asMap().forEach((key, value) -> {
            if (key.startsWith(ENGINE + ".")) {
                settings.put(key, value);
            }
        });
        return Map.copyOf(settings);
    }
}
