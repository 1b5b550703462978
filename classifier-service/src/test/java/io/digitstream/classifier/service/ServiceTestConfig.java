package io.digitstream.classifier.service;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.config.LayeredConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** The service's configuration for an integration test: any free HTTP port, its own state directory, no live metrics. */
final class ServiceTestConfig {

    private ServiceTestConfig() {
    }

    /** @param overrides more keys, Kafka's or ours, as a {@code --config} file would give them */
    static ServiceConfig of(String bootstrapServers, Path stateDir, Map<String, String> overrides) {
        return of(null, bootstrapServers, stateDir, overrides);
    }

    /** As {@code serve --config FILE --bootstrap-server ...}: the file's keys under these. */
    static ServiceConfig of(Path configFile, String bootstrapServers, Path stateDir, Map<String, String> overrides) {
        Map<String, String> flags = new HashMap<>();
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(ServiceConfig.PARTITIONS.name(), "3");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), "0");
        flags.put(MetricsConfig.ENABLED.name(), "false");
        flags.putAll(overrides);
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), configFile, Map.of(), flags), Path.of("unused"));
    }
}
