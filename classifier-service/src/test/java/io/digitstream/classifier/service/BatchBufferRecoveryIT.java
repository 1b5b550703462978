package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.OutputLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The micro-batch buffer is durable: records whose input offsets were committed while they sat in the
 * buffer are restored from the changelog by a new instance (empty local state) and classified once.
 */
class BatchBufferRecoveryIT {

    @Test
    void bufferedRecordsWithCommittedOffsetsAreRestoredAndClassifiedExactlyOnce(@TempDir Path first, @TempDir Path second)
            throws Exception {
        restartedWithBatchSize("1000", first, second);
    }

    /** Lowering the batch size to 1 (the per-record path) across a restart keeps every buffered record too. */
    @Test
    void bufferedRecordsAreClassifiedAfterARestartWithBatchSizeOne(@TempDir Path first, @TempDir Path second) throws Exception {
        restartedWithBatchSize("1", first, second);
    }

    /** Holds 60 records in the buffer with their offsets committed, stops, and restarts with {@code batchSize} on empty local state. */
    private static void restartedWithBatchSize(String batchSize, Path first, Path second) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            LabeledImages fixture = MnistFixture.test500();
            int n = 60;
            ServiceConfig holding = config(kafka, first, "1000", "100000");

            try (ClassifierService service = new ClassifierService(holding, TestModels.shipped())) {
                service.createTopics();
                service.start();
                List<String> ids = publish(kafka, holding, fixture, n);
                awaitCommittedOffsets(kafka, holding, n);
                try (OutputLedger ledger = new OutputLedger(clientProperties(kafka), holding.topics())) {
                    ledger.poll(Duration.ofSeconds(1));
                    assertThat(ledger.outputs()).as("all %d records are buffered, none classified yet", n).isZero();
                }
                service.close();

                ServiceConfig flushing = config(kafka, second, batchSize, "50");
                try (ClassifierService restarted = new ClassifierService(flushing, TestModels.shipped());
                        OutputLedger ledger = new OutputLedger(clientProperties(kafka), flushing.topics())) {
                    restarted.start();
                    assertThat(ledger.awaitOutputs(n, Duration.ofSeconds(60), () -> { })).as("restarted with batch size %s", batchSize)
                            .isTrue();
                    ledger.poll(Duration.ofSeconds(1));
                    OutputLedger.Conservation conservation = ledger.check(ids);
                    assertThat(conservation.holds()).as(conservation.toString()).isTrue();
                    assertThat(conservation.predictions()).isEqualTo(n);
                }
            }
        }
    }

    static ServiceConfig config(EmbeddedKafka kafka, Path stateDir, String batchSize, String maxDelayMs) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(ServiceConfig.PARTITIONS.name(), "2");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), "0");
        flags.put(ServiceConfig.BATCH_SIZE.name(), batchSize);
        flags.put(ServiceConfig.BATCH_MAX_DELAY_MS.name(), maxDelayMs);
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    static List<String> publish(EmbeddedKafka kafka, ServiceConfig config, LabeledImages fixture, int n) {
        Properties props = clientProperties(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                // Past the fixture's 500 images, the same images again under other ids.
                DigitImage image = DigitRecords.gray8(fixture, i % fixture.count(), "buffered-" + i / fixture.count(), "s",
                        Instant.now(), true);
                ids.add(image.getId());
                producer.send(new ProducerRecord<>(config.topics().images(), image.getId().getBytes(),
                        ContractSerdes.digitImage().serialize(config.topics().images(), image)));
            }
        }
        return ids;
    }

    private static void awaitCommittedOffsets(EmbeddedKafka kafka, ServiceConfig config, long expected) throws Exception {
        String group = config.streams().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = kafka.admin()) {
            while (System.nanoTime() < deadline) {
                ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(group);
                long committed = result.partitionsToOffsetAndMetadata().get().entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(config.topics().images()))
                        .map(Map.Entry::getValue)
                        .mapToLong(OffsetAndMetadata::offset)
                        .sum();
                if (committed >= expected) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the service did not commit the input offsets of " + expected + " records");
    }

    static Properties clientProperties(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }
}
