package io.digitstream.cli.bench;

import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelLocator;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What {@code serve} runs with no options, no configuration file and no environment, read where {@code serve} reads
 * it ({@link ServiceConfig#from}): the defaults the benchmarks measure when not told otherwise.
 */
final class ServeDefaults {

    private static final ServiceConfig CONFIG = load();

    private ServeDefaults() {
    }

    private static ServiceConfig load() {
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), Map.of()),
                ModelLocator.defaultModelPath());
    }

    /** {@code digits.engine}, {@code auto} resolved to the engine it runs here. */
    static String engine() {
        return Engines.resolve(CONFIG.engine());
    }

    /** {@code digits.batch.size}. */
    static int batchSize() {
        return CONFIG.batch().size();
    }

    /** {@code digits.batch.max.delay.ms}. */
    static int batchMaxDelayMs() {
        return (int) CONFIG.batch().maxDelay().toMillis();
    }

    /** {@code num.stream.threads}. */
    static int streamThreads() {
        return Integer.parseInt(CONFIG.streams().getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    }
}
