package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.stream.SizedRecords;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.Prediction;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.InputIds;
import io.digitstream.verify.OutputLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 12,601 records through a real broker and the service: 17 in 18 broken in one of the ways the
 * {@link HostileRecords} know, interleaved with real digits, plus one record as large as the producer
 * sends. The service keeps running, every record ends as exactly one prediction or one dead letter, and
 * each dead letter names the right stage and reason.
 */
class HostileStreamIT {

    private static final int RECORDS = 12_600;
    private static final String HUGE = "huge-garbage";

    @Test
    void tenThousandBrokenRecordsAmongGoodOnesAreAllAccountedFor(@TempDir Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            ServiceConfig config = ServiceTestConfig.of(kafka.bootstrapServers(), stateDir, Map.of());
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                Map<String, HostileRecords> kindById = publish(kafka, config);
                assertThat(kindById).hasSize(RECORDS + 1);

                try (OutputLedger ledger = new OutputLedger(client(kafka), config.topics())) {
                    boolean all = ledger.awaitOutputs(RECORDS + 1, Duration.ofSeconds(90), () -> { });
                    ledger.poll(Duration.ofMillis(500)); // anything duplicated after the last expected output

                    OutputLedger.Conservation conservation = ledger.check(kindById.keySet());
                    assertThat(all).as(conservation.toString()).isTrue();
                    assertThat(conservation.holds()).as(conservation.toString()).isTrue();
                    // still alive; with two stream threads a follow-up rebalance may be under way
                assertThat(service.state().isRunningOrRebalancing()).as("state %s", service.state()).isTrue();
                    assertOutcomesMatchKinds(ledger, kindById);
                }
            }
        }
    }

    /** Sends the records, kinds in turn; returns the id each will be known by (see {@link InputIds}). */
    private static Map<String, HostileRecords> publish(EmbeddedKafka kafka, ServiceConfig config) throws Exception {
        Properties properties = client(kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        HostileRecords[] kinds = HostileRecords.values();
        Random random = new Random(7);
        var digits = MnistFixture.test500();
        Map<String, HostileRecords> kindById = new HashMap<>();
        List<Future<RecordMetadata>> keyless = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                HostileRecords kind = kinds[i % kinds.length];
                byte[][] record = kind.record(i, digits, random);
                Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(config.topics().images(), record[0], record[1]));
                if (kind.id(i) == null) {
                    keyless.add(sent);
                } else {
                    kindById.put(kind.id(i), kind);
                }
            }
            // As large as the producer sends (1 MiB with the record's framing): its buffer entry would not fit one
            // Kafka record, so it is refused before buffering, and its dead letter is cut to fit.
            byte[] hugeKey = HUGE.getBytes(StandardCharsets.UTF_8);
            int hugeValue = 1_048_576;
            while (SizedRecords.producerSize(hugeKey, new byte[hugeValue]) > 1_048_576) {
                hugeValue--;
            }
            producer.send(new ProducerRecord<>(config.topics().images(), hugeKey, new byte[hugeValue]));
            kindById.put(HUGE, null); // none of the kinds: checked on its own
            producer.flush();
            for (Future<RecordMetadata> sent : keyless) {
                RecordMetadata where = sent.get();
                kindById.put(InputIds.ofUnreadable(null, where.topic(), where.partition(), where.offset()),
                        HostileRecords.KEYLESS_GARBAGE);
            }
        }
        return kindById;
    }

    private static void assertOutcomesMatchKinds(OutputLedger ledger, Map<String, HostileRecords> kindById) {
        Map<HostileRecords, Integer> counts = new EnumMap<>(HostileRecords.class);
        for (Map.Entry<String, DeadLetter> entry : ledger.deadLetters().entrySet()) {
            if (entry.getKey().equals(HUGE)) {
                continue;
            }
            HostileRecords kind = kindById.get(entry.getKey());
            DeadLetter letter = entry.getValue();
            assertThat(kind).as("dead letter %s", entry.getKey()).isNotEqualTo(HostileRecords.GOOD);
            assertThat(letter.getStage()).as("stage of %s (%s)", entry.getKey(), letter.getReason()).isEqualTo(kind.stage);
            assertThat(letter.getReason()).as("reason of %s", entry.getKey()).contains(kind.reason);
            assertThat(letter.getTopic()).isNotEmpty();
            assertThat(letter.getOffset()).isNotNegative();
            if (kind != HostileRecords.TOMBSTONE) {
                assertThat(letter.getOriginalValue()).isNotNull();
            }
            counts.merge(kind, 1, Integer::sum);
        }
        Map<String, Prediction> predictions = ledger.predictions();
        assertThat(predictions.keySet()).allSatisfy(id -> assertThat(kindById.get(id)).isEqualTo(HostileRecords.GOOD));
        long correct = predictions.values().stream().filter(p -> p.getDigit() == p.getLabel()).count();
        assertThat((double) correct / predictions.size()).isGreaterThan(0.9);

        int perKind = RECORDS / HostileRecords.values().length;
        assertThat(predictions).hasSize(perKind);
        for (HostileRecords kind : HostileRecords.values()) {
            if (kind != HostileRecords.GOOD) {
                assertThat(counts.get(kind)).as("dead letters of kind %s", kind).isEqualTo(perKind);
            }
        }
        assertThat(RECORDS - perKind).as("broken records").isGreaterThanOrEqualTo(10_000);
        DeadLetter huge = ledger.deadLetters().get(HUGE);
        assertThat(huge.getStage()).isEqualTo(FailureStage.VALIDATE);
        assertThat(huge.getReason()).contains("exceeds the limit of 1047135 bytes").contains("to fit one Kafka record");
        System.out.println("hostile stream: " + predictions.size() + " predictions, dead letters by kind " + counts);
    }

    private static Properties client(EmbeddedKafka kafka) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }
}
