package io.digitstream.cli.broker;

import static io.digitstream.cli.broker.BrokerCommandTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digits broker} as a user runs it, each in its own JVM: a new directory is formatted, records written to it
 * are there after Ctrl-C and a restart (on other ports, too), and a second broker on the same directory is refused
 * while the first runs.
 */
class BrokerCommandIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final String TOPIC = "walkthrough";
    private static final int RECORDS = 100;

    @Test
    void keepsTopicsAndRecordsAcrossRestartsAndServesOneBrokerPerDirectory(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("broker-data");
        int port = freePort();
        int controllerPort = freePort();
        try (BrokerProcess first = BrokerProcess.start(data, port, controllerPort)) {
            assertThat(first.awaitReady(START)).as(first.output()).isTrue();
            assertThat(first.output()).contains("broker: formatted " + data + " for a new cluster (id ",
                    "broker ready on localhost:" + port + ", data in " + data);
            createTopicAndProduce("localhost:" + port);

            try (BrokerProcess second = BrokerProcess.start(data, freePort(), freePort())) {
                assertThat(second.exitCode(START)).as(second.output()).isEqualTo(3);
                assertThat(second.output()).contains("digits broker: " + data + " is in use by another broker: stop"
                        + " that one, or give --data-dir another directory");
            }
            assertThat(first.isAlive()).isTrue();

            assertThat(first.stop(BrokerProcess.ctrlC())).as(first.output()).isZero();
            assertThat(first.output()).contains("\nbroker stopped\n");
        }

        int newPort = freePort(); // nothing about the ports is stored: a restart may take others
        try (BrokerProcess again = BrokerProcess.start(data, newPort, freePort())) {
            assertThat(again.awaitReady(START)).as(again.output()).isTrue();
            assertThat(again.output()).doesNotContain("formatted");

            assertThat(consumeAll("localhost:" + newPort)).isEqualTo(expectedRecords());

            assertThat(again.stop("TERM")).as(again.output()).isZero();
        }
    }

    private static void createTopicAndProduce(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> record : expectedRecords().entrySet()) {
                producer.send(new ProducerRecord<>(TOPIC, record.getKey(), record.getValue())).get();
            }
        }
    }

    private static Map<String, String> consumeAll(String bootstrap) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, String> records = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
            assertThat(partitions).hasSize(3);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(records.put(record.key(), record.value())).as("a second copy of %s", record.key()).isNull();
                }
            }
            // Nothing beyond the records written: the end offsets add up to them.
            assertThat(consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
            assertThat(Set.copyOf(partitions)).isEqualTo(consumer.assignment());
        }
        return records;
    }

    private static Map<String, String> expectedRecords() {
        Map<String, String> records = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            records.put("key-" + i, "record " + i);
        }
        return records;
    }
}
