package io.digitstream.classifier.service;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.review.ReviewConfig;
import io.digitstream.classifier.registry.RegistryConfig;
import io.digitstream.classifier.stream.BatchPolicy;
import io.digitstream.classifier.stream.InvalidTimestampFallback;
import io.digitstream.classifier.stream.RecordBudget;
import io.digitstream.config.ConfigKey;
import io.digitstream.config.ConfigKeys;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelRoute;
import io.digitstream.model.image.ImageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 *   <li>{@code digits.engine}: {@code auto} (default: {@code onnx-int8} when available, else {@code dl4j}), {@code dl4j},
 *       {@code onnx} or {@code onnx-int8} (the latter two when the
 *       {@code engine-onnx} module is on the class path, as in {@code bin/digits}); it runs every model, the
 *       routed ones too. An unknown or unavailable engine refuses to start, naming the available ones.
 *       {@code digits.engine.*} keys go to the engine ({@code digits.engine.onnx.threads}: ONNX Runtime threads
 *       per call, default 1; {@code digits.engine.quarter-turns}: a VGG model trained on rotated images reads each
 *       image at its four quarter turns, {@link io.digitstream.model.QuarterTurnReading}, default true; the shipped
 *       rotation model's network reads them itself).</li>
 *   <li>{@code digits.model.challenger}: a model scored beside the default one, in shadow or as a canary
 *       ({@link ChallengerConfig}).</li>
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
        List<ModelRoute> modelRoutes, String engine, Map<String, String> engineSettings, ReviewConfig review,
        ChallengerConfig challenger, RegistryConfig registry) {

    public static final ConfigKey<String> MODEL = ConfigKey.text("digits.model", null,
            "the default model file (its metadata <model>.json beside it)")
            .derivedDefault("`" + ModelLocator.SHIPPED + "` (`$DIGITS_MODEL` when set)");
    public static final ConfigKey<String> MODEL_ROUTES = ConfigKey.text("digits.model.routes", null,
            "per-source models: comma-separated SOURCE_GLOB=MODEL_PATH, first match wins; empty for none")
            .derivedDefault("`rot*=<dir>/mnist-rot.zip` when the rotation model lies beside `digits.model`, else none");
    public static final ConfigKey<String> ENGINE = ConfigKey.text("digits.engine", Engines.AUTO,
            "inference engine of every model: auto (onnx-int8 when the engine-onnx module is present, else dl4j), dl4j,"
                    + " onnx or onnx-int8");
    public static final ConfigKey<Integer> MAX_WIDTH = ConfigKey.integer("digits.image.max.width",
            ImageLimits.DEFAULT.maxWidth(), 1, Integer.MAX_VALUE, "wider images are dead-lettered before decoding");
    public static final ConfigKey<Integer> MAX_HEIGHT = ConfigKey.integer("digits.image.max.height",
            ImageLimits.DEFAULT.maxHeight(), 1, Integer.MAX_VALUE, "taller images are dead-lettered before decoding");
    public static final ConfigKey<Integer> MAX_BYTES = ConfigKey.integer("digits.image.max.bytes", null, 1,
            Integer.MAX_VALUE, "images with more pixel bytes are dead-lettered; capped at the record value limit")
            .derivedDefault("the record value limit (`" + RecordBudget.DEFAULT.maxValueBytes() + "`)");
    public static final ConfigKey<Integer> MAX_PIXELS = ConfigKey.integer("digits.image.max.pixels",
            ImageLimits.DEFAULT_MAX_PIXELS, ImageLimits.MIN_PIXELS, Integer.MAX_VALUE,
            "decoded-pixel budget of one image: larger pages are decoded reduced");
    public static final ConfigKey<Integer> PARTITIONS = ConfigKey.integer("digits.topic.partitions", 6, 1, 1_000_000,
            "partitions of the topics serve creates");
    public static final ConfigKey<Integer> REPLICATION = ConfigKey.integer("digits.topic.replication", -1, -1,
            Short.MAX_VALUE, "replicas of the topics serve creates; -1: the broker's default");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("digits.batch.size", BatchPolicy.DEFAULT.size(),
            1, Integer.MAX_VALUE, "a micro-batch is classified when it holds this many records; 1: the per-record path");
    public static final ConfigKey<Integer> BATCH_MAX_DELAY_MS = ConfigKey.integer("digits.batch.max.delay.ms",
            (int) BatchPolicy.DEFAULT.maxDelay().toMillis(), 0, Integer.MAX_VALUE,
            "a micro-batch is classified when its oldest record has waited this many milliseconds (0 only with batch size 1)");
    public static final ConfigKey<Integer> BATCH_MAX_PIXELS = ConfigKey.integer("digits.batch.max.pixels",
            (int) BatchPolicy.DEFAULT_MAX_PIXELS, 1, Integer.MAX_VALUE,
            "a micro-batch is classified before the record that would pass this many decoded pixels");

    /** The service's keys, for {@link io.digitstream.config.DigitsKeys}. */
    public static final class Keys implements ConfigKeys {
        @Override
        public List<ConfigKey<?>> keys() {
            List<ConfigKey<?>> keys = new ArrayList<>(List.of(MODEL, MODEL_ROUTES, ENGINE, Engines.QUARTER_TURNS,
                    Engines.REREAD_BELOW, MAX_WIDTH, MAX_HEIGHT, MAX_BYTES, MAX_PIXELS, PARTITIONS, REPLICATION, BATCH_SIZE, BATCH_MAX_DELAY_MS, BATCH_MAX_PIXELS));
            keys.addAll(MetricsConfig.KEYS);
            keys.addAll(HttpConfig.KEYS);
            keys.addAll(ReviewConfig.KEYS);
            keys.addAll(ChallengerConfig.KEYS);
            keys.addAll(RegistryConfig.KEYS);
            return keys;
        }
    }

    /** Kafka Streams properties below every other layer; the {@code digits.*} keys have theirs in their declarations. */
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
                StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, InvalidTimestampFallback.class.getName());
    }

    public static ServiceConfig from(LayeredConfig config, Path defaultModel) {
        int maxValueBytes = RecordBudget.of(config.kafkaProperties()).maxValueBytes();
        ImageLimits limits = new ImageLimits(MAX_WIDTH.get(config), MAX_HEIGHT.get(config),
                Math.min(MAX_BYTES.find(config).orElse(maxValueBytes), maxValueBytes), MAX_PIXELS.get(config));
        int batchSize = BATCH_SIZE.get(config);
        int batchDelayMs = BATCH_MAX_DELAY_MS.get(config);
        if (batchSize > 1 && batchDelayMs < 1) {
            throw new ConfigurationException(BATCH_MAX_DELAY_MS + "=" + batchDelayMs + " is out of range: allowed at least 1"
                    + " when " + BATCH_SIZE + " is above 1 (" + batchSize + ")");
        }
        BatchPolicy batch = new BatchPolicy(batchSize, Duration.ofMillis(batchDelayMs), BATCH_MAX_PIXELS.get(config));
        Path model = Path.of(MODEL.find(config).orElse(defaultModel.toString()));
        return new ServiceConfig(Topics.from(config), model, limits,
                batch, PARTITIONS.get(config), (short) (int) REPLICATION.get(config), config.kafkaProperties(),
                MetricsConfig.from(config), HttpConfig.from(config),
                MODEL_ROUTES.find(config).map(routes -> List.copyOf(ModelRoute.parseAll(MODEL_ROUTES.name(), routes)))
                        .orElseGet(() -> ModelRoute.shippedDefaults(model)),
                ENGINE.get(config).strip(), engineSettings(config), ReviewConfig.from(config),
                ChallengerConfig.from(config, Topics.from(config)), RegistryConfig.from(config));
    }

    /** The per-record size budget the Kafka Streams properties allow. */
    public RecordBudget budget() {
        return RecordBudget.of(streams);
    }

    private static Map<String, String> engineSettings(LayeredConfig config) {
        Map<String, String> settings = new TreeMap<>();
        config.asMap().forEach((key, value) -> {
            if (key.startsWith(ENGINE.name() + ".")) {
                settings.put(key, value);
            }
        });
        return Map.copyOf(settings);
    }
}
