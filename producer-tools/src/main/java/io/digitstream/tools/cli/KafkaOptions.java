package io.digitstream.tools.cli;

import io.digitstream.config.LayeredConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where Kafka is and how to reach it; a picocli mixin for every command that talks to Kafka. */
public final class KafkaOptions {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    // No picocli default: a default flag value would hide the environment and the --config file.
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (default: $DIGITS_KAFKA_BOOTSTRAP_SERVERS, else bootstrap.servers from"
                    + " --config, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Kafka client properties, e.g. TLS or SASL settings, like --command-config of Kafka's"
                    + " tools; digits.* keys (e.g. digits.topic.images) set topic names.")
    Path configFile;

    /** Flags over environment ({@code DIGITS_KAFKA_*}, {@code DIGITS_*}) over {@code --config} over defaults. */
    public LayeredConfig config() throws IOException {
        return config(System.getenv());
    }

    LayeredConfig config(Map<String, String> environment) throws IOException {
        return LayeredConfig.load(Map.of(BOOTSTRAP_SERVERS, "localhost:9092"), configFile, environment,
                Collections.singletonMap(BOOTSTRAP_SERVERS, bootstrapServers));
    }
}
