package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.http.ServiceHttp;
import io.digitstream.classifier.http.StreamHealth;
import io.digitstream.config.Topics;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setting the brokers refuse, for real: {@code group.protocol=streams} against a cluster whose {@code streams.version}
 * feature was turned off (what an operator's {@code kafka-features.sh downgrade} does, and what a cluster older than
 * Kafka 4.1 is like). Replacing the stream threads used to retry it hundreds of times for minutes while the service
 * looked alive; the service must stop within seconds instead, say why, and replace no thread.
 */
class UnrecoverableStreamErrorIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void theServiceStopsWithTheReasonInsteadOfReplacingThreadsForAnErrorNoThreadCanHeal(@TempDir Path state)
            throws Exception {
        Topics topics = Topics.withPrefix("unrecoverable");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            kafka.disableFeature("streams.version");
            try (Admin admin = kafka.admin()) {
                assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures())
                        .as("the cluster has no streams rebalance protocol now").doesNotContainKey("streams.version");
            }
            Map<String, String> settings = new HashMap<>(topics.asConfig());
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "unrecoverable-it");
            settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
            settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
            ServiceConfig config = ServiceTestConfig.of(kafka.bootstrapServers(), state, settings);
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                long start = System.nanoTime();
                service.start();
                URI uri = service.httpAddress().orElseThrow();

                // The decision to stop (PENDING_ERROR) is the service's; how long closing the clients then takes is
                // Kafka's (a streams-group member's leave can wait out a 30 s timeout), so the bound is on the decision.
                Await.until(service::state, s -> s == KafkaStreams.State.PENDING_ERROR || s == KafkaStreams.State.ERROR,
                        "Kafka Streams stopping", Duration.ofSeconds(60), Duration.ofMillis(10));
                Duration stopped = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("UnrecoverableStreamErrorIT: stopping %d ms after start%n", stopped.toMillis());
                assertThat(stopped).as("stopped at once, not after minutes of retries").isLessThan(Duration.ofSeconds(30));
                Await.until(service::state, s -> s == KafkaStreams.State.ERROR, "Kafka Streams in ERROR",
                        Duration.ofSeconds(90), Duration.ofMillis(50));

                StreamHealth health = service.health();
                assertThat(health.threadReplacements()).as("no thread replaced").isZero();
                assertThat(health.stop()).hasValueSatisfying(stop -> {
                    assertThat(stop.cause()).isInstanceOf(UnsupportedVersionException.class);
                    assertThat(stop.reason()).startsWith("UnsupportedVersionException: ")
                            .contains("; to fix: ", "streams.version", "group.protocol=classic");
                });

                JsonNode body = ServiceHttp.JSON.readTree(ServiceHttp.getText(uri, "health"));
                assertThat(body.get("state").asText()).isEqualTo("ERROR");
                assertThat(body.get("ready").asBoolean()).isFalse();
                assertThat(body.get("live").asBoolean()).isFalse();
                assertThat(body.get("threadReplacements").asLong()).isZero();
                assertThat(body.get("stopReason").asText()).isEqualTo(health.stop().orElseThrow().reason());
                assertThat(status(uri, "health/ready")).isEqualTo(503);
                assertThat(status(uri, "health/live")).isEqualTo(503);

                // what serve and demo end with: the reason, and the broker's error as the cause (exit code 2, Kafka)
                assertThat(service.failure()).hasValueSatisfying(failure -> {
                    assertThat(failure).isInstanceOf(StreamsException.class)
                            .hasMessageStartingWith("Kafka Streams stopped: UnsupportedVersionException")
                            .hasCauseInstanceOf(UnsupportedVersionException.class);
                });
            }
        }
    }

    @Test
    void theServiceStopsWhenItsInputTopicDoesNotExist(@TempDir Path state) throws Exception {
        Topics topics = Topics.withPrefix("missing");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Map<String, String> settings = new HashMap<>(topics.asConfig());
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "missing-topic-it");
            ServiceConfig config = ServiceTestConfig.of(kafka.bootstrapServers(), state, settings);
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                // as serve --no-create-topics on a cluster where nobody created them
                service.start();
                Await.until(service::state, s -> s == KafkaStreams.State.ERROR, "Kafka Streams in ERROR",
                        Duration.ofSeconds(60), Duration.ofMillis(50));

                assertThat(service.health().threadReplacements()).as("no thread replaced").isZero();
                assertThat(service.health().stop()).hasValueSatisfying(stop -> {
                    assertThat(stop.cause()).isInstanceOf(MissingSourceTopicException.class);
                    assertThat(stop.reason()).contains("; to fix: create the input topic");
                });
                JsonNode body = ServiceHttp.JSON.readTree(ServiceHttp.getText(service.httpAddress().orElseThrow(), "health"));
                assertThat(body.get("ready").asBoolean()).isFalse();
                assertThat(body.get("stopReason").asText()).startsWith("MissingSourceTopicException");
            }
        }
    }

    private static int status(URI uri, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri.resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
