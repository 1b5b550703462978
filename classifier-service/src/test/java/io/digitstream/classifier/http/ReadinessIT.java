package io.digitstream.classifier.http;

import static io.digitstream.classifier.http.ServiceHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.Await;
import io.digitstream.testing.MnistFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream thread that fails on the same record again and again is replaced each time and Kafka Streams stays
 * RUNNING; readiness must still say no. Here every prediction is refused by the broker (its topic was created by
 * hand with a size limit below any prediction, a misconfiguration the per-record budget cannot see), the way a record
 * too large for its changelog once made threads fail in a loop.
 */
class ReadinessIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void notReadyWhileStreamThreadsFailInALoopAndTheFailuresAreOnMetrics(@TempDir Path state) throws Exception {
        Topics topics = Topics.withPrefix("ready");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Map<String, String> flags = new HashMap<>(topics.asConfig());
            flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            flags.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "readiness-it");
            flags.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
            // A failed thread's member is replaced only after its session times out: the shortest the broker allows.
            flags.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
            flags.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), "1000");
            flags.put(ServiceConfig.PARTITIONS.name(), "1");
            flags.put(ServiceConfig.REPLICATION.name(), "1");
            flags.put(HttpConfig.PORT.name(), "0");
            flags.put(HttpConfig.READY_FAILURES.name(), "2");
            ServiceConfig config = ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags),
                    Path.of("unused"));
            try (Admin admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic(topics.predictions(), 1, (short) 1)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64")))).all().get();
            }
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                URI uri = service.httpAddress().orElseThrow();
                await(() -> health(uri), h -> h.get("state").asText().equals("RUNNING") && h.get("ready").asBoolean(),
                        "ready before any record");

                publishOneImage(kafka, topics);
                JsonNode health = Await.until(() -> health(uri), h -> h.get("recentThreadFailures").asInt() >= 2,
                        "two failures", Duration.ofMinutes(3), Duration.ofMillis(200));
                assertThat(health.get("ready").asBoolean()).isFalse();
                assertThat(status(uri, "health/ready")).isEqualTo(503);
                assertThat(status(uri, "health/live")).as("alive: the threads are replaced").isEqualTo(200);
                assertThat(service.state()).as("what Kafka Streams alone would report").isIn(KafkaStreams.State.RUNNING,
                        KafkaStreams.State.REBALANCING);

                String metrics = CLIENT.send(HttpRequest.newBuilder(uri.resolve("metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                PrometheusSamples scrape = PrometheusSamples.parse(metrics);
                assertThat(scrape.value("digits_ready")).isZero();
                assertThat(scrape.value("digits_stream_thread_replacements_total")).isGreaterThanOrEqualTo(2);
                // a send the broker refuses surfaces outside any task: counted under "none"
                assertThat(scrape.samples("digits_task_errors_total")).anySatisfy(s -> {
                    assertThat(s.labels()).containsOnlyKeys("task").doesNotContainValue("");
                    assertThat(s.value()).isGreaterThanOrEqualTo(2);
                });
                // mend the topic so the service can commit and close within its timeout, not leave threads behind
                // to load the next test in this JVM
                try (Admin admin = kafka.admin()) {
                    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, topics.predictions());
                    admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"), AlterConfigOp.OpType.SET))))
                            .all().get();
                }
            }
        }
    }

    private static void publishOneImage(EmbeddedKafka kafka, Topics topics) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            DigitImage image = DigitRecords.gray8(MnistFixture.test500(), 0, "ready", "scanner", Instant.now(), true);
            producer.send(new ProducerRecord<>(topics.images(), image.getId().getBytes(),
                    ContractSerdes.digitImage().serialize(topics.images(), image)));
        }
    }

    private static JsonNode health(URI uri) throws Exception {
        return ServiceHttp.JSON.readTree(CLIENT.send(HttpRequest.newBuilder(uri.resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int status(URI uri, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri.resolve(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
