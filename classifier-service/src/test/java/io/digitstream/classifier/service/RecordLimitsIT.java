package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.stream.SizedRecords;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.OutputLedger;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-record limits through a real broker, with the real producer limits of the service's Kafka clients:
 * records at the value limit − 1, the limit and the limit + 1 among good images; a record as large as the input
 * producer can send (its buffer entry, whole, would not fit); a compressed record that inflates past 1 MiB; a
 * 600 KB id; a key of invalid UTF-8; a record without a timestamp (-1). Every input ends as exactly one output,
 * with no stream thread replaced.
 */
class RecordLimitsIT {

    /** RecordBudget at Kafka's default max.request.size: 1,048,576 − 128 − 289 − 1,024 (ServiceLimitsConfigTest). */
    private static final int DEFAULT_VALUE_LIMIT = 1_047_135;
    /** And at a max.request.size of 128 KiB. */
    private static final int SMALL_VALUE_LIMIT = 131_072 - 128 - 289 - 1_024;

    private final LabeledImages digits = MnistFixture.test500();

    @Test
    void recordsAtEveryLimitEndAsOneOutputEachAndNoThreadDies(@TempDir Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            ServiceConfig config = ServiceTestConfig.of(kafka.bootstrapServers(), stateDir, Map.of());
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                String images = config.topics().images();
                Map<String, String> expected = new HashMap<>(); // id -> "prediction" or the dead letter's reason
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                addGood(records, expected, images, 0, 20);
                add(records, expected, images, "below", SizedRecords.pngImageOfSize(digits, 1, "below", DEFAULT_VALUE_LIMIT - 1),
                        "prediction");
                add(records, expected, images, "at", SizedRecords.pngImageOfSize(digits, 2, "at", DEFAULT_VALUE_LIMIT), "prediction");
                add(records, expected, images, "over", SizedRecords.pngImageOfSize(digits, 3, "over", DEFAULT_VALUE_LIMIT + 1),
                        "record value of 1047136 bytes exceeds the limit of 1047135 bytes");
                byte[] producerLimitKey = "at-the-producer-limit".getBytes(StandardCharsets.UTF_8);
                int largest = largestValue(producerLimitKey, 1_048_576);
                add(records, expected, images, "at-the-producer-limit", new byte[largest],
                        "record value of " + largest + " bytes exceeds the limit");
                String longId = "x".repeat(600_000);
                add(records, expected, images, longId, good(4, longId), "image id of 600000 bytes exceeds the limit of 256 bytes");
                expected.put("x".repeat(256), expected.remove(longId));
                byte[] invalidUtf8 = new byte[1024];
                Arrays.fill(invalidUtf8, (byte) 0xFF);
                records.add(new ProducerRecord<>(images, invalidUtf8, new byte[] {1, 2, 3}));
                expected.put("\uFFFD".repeat(85), "not an Avro single-object encoded DigitImage");
                ProducerRecord<byte[], byte[]> untimed = new ProducerRecord<>(images, "no-timestamp".getBytes(StandardCharsets.UTF_8),
                        good(5, "no-timestamp"));
                withoutTimestamp(untimed);
                records.add(untimed);
                expected.put("no-timestamp", "prediction");
                addGood(records, expected, images, 20, 40);

                send(kafka, records, Map.of());
                // 3 MiB of zeros, gzip-compressed to a few KB: the broker takes it, the service sees 3 MiB.
                send(kafka, List.of(new ProducerRecord<>(images, "inflated".getBytes(StandardCharsets.UTF_8), new byte[3 << 20])),
                        Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "8388608"));
                expected.put("inflated", "record value of 3145728 bytes exceeds the limit of 1047135 bytes");

                assertOutcomes(kafka, config, service, expected);
            }
        }
    }

    @Test
    void aSmallerMaxRequestSizeGivesSmallerLimits(@TempDir Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            ServiceConfig config = ServiceTestConfig.of(kafka.bootstrapServers(), stateDir, Map.of("max.request.size", "131072"));
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                String images = config.topics().images();
                Map<String, String> expected = new HashMap<>();
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                addGood(records, expected, images, 0, 10);
                add(records, expected, images, "below", SizedRecords.pngImageOfSize(digits, 1, "below", SMALL_VALUE_LIMIT - 1),
                        "prediction");
                add(records, expected, images, "at", SizedRecords.pngImageOfSize(digits, 2, "at", SMALL_VALUE_LIMIT), "prediction");
                add(records, expected, images, "over", SizedRecords.pngImageOfSize(digits, 3, "over", SMALL_VALUE_LIMIT + 1),
                        "record value of " + (SMALL_VALUE_LIMIT + 1) + " bytes exceeds the limit of " + SMALL_VALUE_LIMIT + " bytes");
                // Fits the images topic and the input producer, not a 128 KiB record with its buffer entry's fields.
                add(records, expected, images, "large", new byte[131_000], "record value of 131000 bytes exceeds the limit");
                addGood(records, expected, images, 10, 20);
                send(kafka, records, Map.of());

                assertOutcomes(kafka, config, service, expected);
            }
        }
    }

    private void assertOutcomes(EmbeddedKafka kafka, ServiceConfig config, ClassifierService service, Map<String, String> expected) {
        try (OutputLedger ledger = new OutputLedger(client(kafka), config.topics())) {
            boolean all = ledger.awaitOutputs(expected.size(), Duration.ofSeconds(90), () -> { });
            ledger.poll(Duration.ofMillis(500));
            OutputLedger.Conservation conservation = ledger.check(expected.keySet());
            assertThat(expected.keySet()).as("inputs without an output (%s)", conservation)
                    .allSatisfy(id -> assertThat(ledger.predictions().containsKey(id) || ledger.deadLetters().containsKey(id))
                            .as(id.length() > 40 ? id.substring(0, 40) + "..." : id).isTrue());
            assertThat(all).as(conservation.toString()).isTrue();
            assertThat(conservation.holds()).as(conservation.toString()).isTrue();
            expected.forEach((id, outcome) -> {
                if (outcome.equals("prediction")) {
                    Prediction prediction = ledger.predictions().get(id);
                    assertThat(prediction).as("prediction of %s", id).isNotNull();
                } else {
                    DeadLetter letter = ledger.deadLetters().get(id);
                    assertThat(letter).as("dead letter of %s", id.length() > 40 ? id.substring(0, 40) + "..." : id).isNotNull();
                    assertThat(letter.getReason()).contains(outcome);
                    if (!outcome.startsWith("not an Avro")) {
                        assertThat(letter.getStage()).isEqualTo(FailureStage.VALIDATE);
                    }
                }
            });
            long correct = ledger.predictions().values().stream().filter(p -> p.getLabel() != null && p.getDigit() == p.getLabel()).count();
            assertThat(correct).as("good images classified right").isGreaterThanOrEqualTo(ledger.predictions().size() * 9L / 10);
            assertThat(service.state().isRunningOrRebalancing()).as("state %s", service.state()).isTrue();
            assertThat(service.streams().metadataForLocalThreads()).extracting(ThreadMetadata::threadName)
                    .as("no stream thread was replaced").allSatisfy(name -> assertThat(name).matches(".*-StreamThread-[12]"));
        }
    }

    private void addGood(List<ProducerRecord<byte[], byte[]>> records, Map<String, String> expected, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            String id = "good-" + i;
            add(records, expected, topic, id, good(i, id), "prediction");
        }
    }

    private static void add(List<ProducerRecord<byte[], byte[]>> records, Map<String, String> expected, String topic, String id,
            byte[] value, String outcome) {
        String key = id.length() > 100 ? "long-id" : id;
        records.add(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
        expected.put(id, outcome);
    }

    private byte[] good(int index, String id) {
        DigitImage image = DigitImage.newBuilder(DigitRecords.gray8(digits, index, "", "limits-it", Instant.now(), true)).setId(id).build();
        return ContractSerdes.digitImage().serialize("images", image);
    }

    /** The largest value the producer sends with this key under a max.request.size of {@code limit}. */
    private static int largestValue(byte[] key, int limit) {
        int value = limit;
        while (SizedRecords.producerSize(key, new byte[value]) > limit) {
            value--;
        }
        return value;
    }

    /** -1, Kafka's "no timestamp": what a non-Java client can send, and the Java producer refuses to be given. */
    private static void withoutTimestamp(ProducerRecord<byte[], byte[]> record) throws ReflectiveOperationException {
        Field timestamp = ProducerRecord.class.getDeclaredField("timestamp");
        timestamp.setAccessible(true);
        timestamp.set(record, -1L);
    }

    private static void send(EmbeddedKafka kafka, List<ProducerRecord<byte[], byte[]>> records, Map<String, String> settings)
            throws Exception {
        Properties properties = client(kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.putAll(settings);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get(); // in order, each acknowledged
            }
        }
    }

    private static Properties client(EmbeddedKafka kafka) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }
}
