package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.OutputLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers, every topic replicated three times with {@code min.insync.replicas=2}: one broker (the
 * leader of a predictions partition) is stopped while images stream and restarted later. Nothing may be
 * lost or duplicated, and the restarted broker must rejoin the in-sync replicas.
 */
class BrokerLossIT {

    private static final int IMAGES = 3_000;
    private static final Duration PUBLISHING = Duration.ofSeconds(12);

    @Test
    void aBrokerStoppedAndRestartedMidStreamLosesNothing(@TempDir Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(3, Map.of("min.insync.replicas", "2"))) {
            ServiceConfig config = ServiceTestConfig.of(kafka.bootstrapServers(), stateDir, Map.of(
                    ServiceConfig.PARTITIONS.name(), "6",
                    ServiceConfig.REPLICATION.name(), "3",
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "3"));
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped());
                    OutputLedger ledger = startAndOpenLedger(service, kafka, config)) {
                List<String> published = new CopyOnWriteArrayList<>();
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publish(kafka, config, published));

                awaitOutputs(ledger, IMAGES / 4);
                int victim = leaderOf(kafka, config.topics().predictions());
                BrokerServer broker = kafka.cluster().brokers().get(victim);
                broker.shutdown();
                broker.awaitShutdown();
                int atShutdown = ledger.outputs();
                Thread.sleep(PUBLISHING.toMillis() / 3);
                awaitOutputs(ledger, atShutdown + 100); // classification goes on with two brokers
                broker.startup();

                publishing.get();
                boolean all = ledger.awaitOutputs(IMAGES, Duration.ofSeconds(120), () -> { });
                ledger.poll(Duration.ofSeconds(1));
                OutputLedger.Conservation conservation = ledger.check(published);
                assertThat(published).hasSize(IMAGES);
                assertThat(all).as(conservation.toString()).isTrue();
                assertThat(conservation.holds()).as(conservation.toString()).isTrue();
                assertThat(conservation.predictions()).isEqualTo(IMAGES);
                // still alive; with two stream threads a follow-up rebalance may be under way
                assertThat(service.state().isRunningOrRebalancing()).as("state %s", service.state()).isTrue();
                awaitInSync(kafka, config.topics().predictions(), victim);
            }
        }
    }

    private static OutputLedger startAndOpenLedger(ClassifierService service, EmbeddedKafka kafka, ServiceConfig config)
            throws InterruptedException {
        service.createTopics();
        service.start();
        return new OutputLedger(client(kafka), config.topics());
    }

    /** Paced over {@link #PUBLISHING}, so that records keep coming while the broker is down. */
    private static void publish(EmbeddedKafka kafka, ServiceConfig config, List<String> published) {
        Properties properties = client(kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        LabeledImages digits = MnistFixture.test500();
        long pauseNanos = PUBLISHING.toNanos() / IMAGES;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long next = System.nanoTime();
            for (int i = 0; i < IMAGES; i++) {
                DigitImage image = DigitRecords.gray8(digits, i % digits.count(), "loss-" + i, "broker-loss-it", Instant.now(), true);
                producer.send(new ProducerRecord<>(config.topics().images(), image.getId().getBytes(StandardCharsets.UTF_8),
                        ContractSerdes.digitImage().serialize(config.topics().images(), image)));
                published.add(image.getId());
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitOutputs(OutputLedger ledger, int outputs) {
        assertThat(ledger.awaitOutputs(outputs, Duration.ofSeconds(60), () -> { })).as("%d outputs", outputs).isTrue();
    }

    private static int leaderOf(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().get(0).leader().id();
        }
    }

    private static void awaitInSync(EmbeddedKafka kafka, String topic, int broker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = kafka.admin()) {
            while (true) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                boolean inSync = description.partitions().stream()
                        .allMatch(p -> p.isr().stream().anyMatch(node -> node.id() == broker));
                if (inSync) {
                    return;
                }
                assertThat(System.nanoTime()).as("broker %d back in every ISR of %s", broker, topic).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static Properties client(EmbeddedKafka kafka) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }
}
