package io.digitstream.classifier.service;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.image.ImageLimits;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.stream.BatchPolicy;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The service's configuration: topic names, model, input limits and the Kafka Streams properties,
 * layered as {@link LayeredConfig} describes. Exactly-once v2 is the default processing guarantee.
 * Live metrics ({@link MetricsConfig}: {@code digits.metrics.*}) and the HTTP side ({@link HttpConfig}:
 * {@code digits.http.*}, on 127.0.0.1:8080 by default) read their own keys, with their defaults there.
 */
public record ServiceConfig(Topics topics, Path model, ImageLimits limits, BatchPolicy batch,
        int topicPartitions, short topicReplication, Properties streams, MetricsConfig metrics, HttpConfig http) {

    public static final String MODEL = "digits.model";
    public static final String MAX_WIDTH = "digits.image.max.width";
    public static final String MAX_HEIGHT = "digits.image.max.height";
    public static final String MAX_BYTES = "digits.image.max.bytes";
    public static final String PARTITIONS = "digits.topic.partitions";
    public static final String REPLICATION = "digits.topic.replication";
    public static final String BATCH_SIZE = "digits.batch.size";
    public static final String BATCH_MAX_DELAY_MS = "digits.batch.max.delay.ms";

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
                PARTITIONS, "6",
                REPLICATION, "-1");
    }

    public static ServiceConfig from(LayeredConfig config, Path defaultModel) {
        ImageLimits limits = new ImageLimits(
                config.getInt(MAX_WIDTH, ImageLimits.DEFAULT.maxWidth()),
                config.getInt(MAX_HEIGHT, ImageLimits.DEFAULT.maxHeight()),
                config.getInt(MAX_BYTES, ImageLimits.DEFAULT.maxEncodedBytes()));
        BatchPolicy batch = new BatchPolicy(config.getInt(BATCH_SIZE, BatchPolicy.DEFAULT.size()),
                Duration.ofMillis(config.getInt(BATCH_MAX_DELAY_MS, (int) BatchPolicy.DEFAULT.maxDelay().toMillis())));
        return new ServiceConfig(Topics.from(config), Path.of(config.get(MODEL, defaultModel.toString())), limits,
                batch, config.getInt(PARTITIONS, 6), (short) config.getInt(REPLICATION, -1), config.kafkaProperties(),
                MetricsConfig.from(config), HttpConfig.from(config));
    }
}
