package io.digitstream.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.imagefolder.TestImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import io.digitstream.tools.cli.CommandRun;
import io.digitstream.tools.cli.PublishCommand;
import io.digitstream.tools.cli.TailCommand;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.tools.tail.StartAt;
import io.digitstream.tools.tail.TopicTail;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producers and consumers against a real in-JVM broker; each test uses its own topics. */
class PublishAndTailIT {

    private static final LabeledImages FIXTURE = MnistFixture.test500();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration QUIET = TopicRecords.QUIET;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.singleNode();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Properties client() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    private static void createTopics(String... names) throws InterruptedException {
        kafka.createTopics(List.of(names), 3, (short) 1);
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        return TopicRecords.readAll(client(), topic, values);
    }

    private static <V> Map<String, V> byKey(List<ConsumerRecord<String, V>> records) {
        return records.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
    }

    @Test
    void publishesMnistWithInlineAndSeparateLabels() throws Exception {
        createTopics("mnist-images", "mnist-labels");
        List<Long> progress = new ArrayList<>();

        try (ImagePublisher publisher = new ImagePublisher(client(), "mnist-images", "mnist-labels")) {
            assertThat(publisher.publishMnist(FIXTURE.head(100), "it", "inline", LabelMode.INLINE, 0,
                    (done, total) -> progress.add(done))).isEqualTo(100);
            assertThat(publisher.publishMnist(FIXTURE.head(20), "it", "separate", LabelMode.SEPARATE, 0,
                    (done, total) -> { })).isEqualTo(20);
        }

        List<ConsumerRecord<String, DigitImage>> imageRecords = readAll("mnist-images", ContractSerdes.digitImage());
        Map<String, DigitImage> images = byKey(imageRecords);
        assertThat(imageRecords).hasSize(120).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getId()));
        for (int i = 0; i < 100; i++) {
            DigitImage image = images.get(DigitRecords.mnistId("inline", i));
            assertThat(image.getLabel()).isEqualTo(FIXTURE.label(i));
            assertThat(image.getSource()).isEqualTo("it");
            assertThat(image.getEncoding()).isEqualTo(PixelEncoding.GRAY8);
            assertThat(image.getPixels()).isEqualTo(ByteBuffer.wrap(FIXTURE.image(i)));
        }
        Map<String, LabelEvent> labels = byKey(readAll("mnist-labels", ContractSerdes.labelEvent()));
        assertThat(labels).hasSize(20);
        for (int i = 0; i < 20; i++) {
            String id = DigitRecords.mnistId("separate", i);
            assertThat(images.get(id).getLabel()).isNull();
            assertThat(images.get(id).getPixels()).isEqualTo(ByteBuffer.wrap(FIXTURE.image(i)));
            assertThat(labels.get(id).getId()).isEqualTo(id);
            assertThat(labels.get(id).getLabel()).isEqualTo(FIXTURE.label(i));
            assertThat(labels.get(id).getSource()).isEqualTo("it");
        }
        assertThat(progress).hasSize(100).endsWith(100L);
    }

    @Test
    void tailSeesOnlyCommittedRecordsWrittenAfterItOpened() throws Exception {
        createTopics("tx-predictions");
        try (KafkaProducer<String, Prediction> producer = transactionalProducer(ContractSerdes.prediction())) {
            producer.initTransactions();
            sendInTransaction(producer, "tx-predictions", true, "before-tail");
            // commitTransaction() returns before the last stable offset has moved past the commit marker on a busy
            // broker; only once a read_committed reader sees the record is it truly "before" the tail opens
            try (TopicTail<Prediction> earlier = TopicTail.predictions(client(), "tx-predictions", StartAt.BEGINNING)) {
                assertThat(earlier.read(1, PATIENCE)).extracting(Prediction::getId).containsExactly("before-tail");
            }

            try (TopicTail<Prediction> tail = TopicTail.predictions(client(), "tx-predictions", StartAt.END)) {
                sendInTransaction(producer, "tx-predictions", true, "a", "b", "c");
                sendInTransaction(producer, "tx-predictions", false, "aborted-1", "aborted-2");
                sendInTransaction(producer, "tx-predictions", true, "d");

                // Stopping at 2 keeps the rest of the fetched batch for the next read.
                List<Prediction> firstTwo = tail.read(2, PATIENCE);
                List<Prediction> rest = tail.read(10, QUIET);

                assertThat(firstTwo).hasSize(2);
                assertThat(Stream.concat(firstTwo.stream(), rest.stream())).extracting(Prediction::getId)
                        .containsExactlyInAnyOrder("a", "b", "c", "d");
            }
        }
    }

    @Test
    void tailOfMissingTopicFails() {
        assertThatThrownBy(() -> TopicTail.predictions(client(), "no-such-topic", StartAt.END))
                .isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessage("topic no-such-topic does not exist");
    }

    @Test
    void commandsPublishAFolderAndLabels(@TempDir Path dir) throws Exception {
        createTopics("cli-images", "cli-labels");
        Path png = TestImages.write(dir.resolve("a.png"), "png", 28, 28);
        Path jpeg = TestImages.write(dir.resolve("b.jpg"), "jpeg", 32, 24);
        Files.writeString(dir.resolve("c.txt"), "not an image");
        Files.writeString(dir.resolve("labels.csv"), "file,label\na.png,3\nb.jpg,8\n");
        Path corrections = Files.writeString(dir.resolve("corrections.csv"), "id,label\nscanner/b.jpg,6\n");

        CommandRun images = CommandRun.execute(new PublishCommand(), "images", dir.toString(), "--source", "scanner",
                "--labels", "separate", "--topic", "cli-images", "--labels-topic", "cli-labels",
                "--bootstrap-server", kafka.bootstrapServers());
        CommandRun labels = CommandRun.execute(new PublishCommand(), "labels", "--file", corrections.toString(),
                "--topic", "cli-labels", "--bootstrap-server", kafka.bootstrapServers());

        assertThat(images.exitCode()).as(images.err()).isZero();
        assertThat(images.out()).contains("published 2 images to cli-images (labels on cli-labels), skipped 2 files");
        assertThat(images.err()).contains("c.txt: not an image").contains("corrections.csv: not an image");
        assertThat(labels.exitCode()).as(labels.err()).isZero();
        assertThat(labels.out()).contains("published 1 labels to cli-labels");

        Map<String, DigitImage> published = byKey(readAll("cli-images", ContractSerdes.digitImage()));
        assertThat(published).containsOnlyKeys("scanner/a.png", "scanner/b.jpg");
        assertThat(published.get("scanner/a.png").getPixels()).isEqualTo(ByteBuffer.wrap(Files.readAllBytes(png)));
        assertThat(published.get("scanner/b.jpg").getPixels()).isEqualTo(ByteBuffer.wrap(Files.readAllBytes(jpeg)));
        assertThat(published.get("scanner/b.jpg").getEncoding()).isEqualTo(PixelEncoding.JPEG);
        assertThat(published.get("scanner/b.jpg").getWidth()).isEqualTo(32);
        assertThat(published.get("scanner/b.jpg").getHeight()).isEqualTo(24);
        assertThat(readAll("cli-labels", ContractSerdes.labelEvent()))
                .extracting(r -> r.key() + "=" + r.value().getLabel() + " by " + r.value().getSource())
                .containsExactlyInAnyOrder("scanner/a.png=3 by scanner", "scanner/b.jpg=8 by scanner",
                        "scanner/b.jpg=6 by corrections.csv");
    }

    @Test
    void tailCommandPrintsJsonAndTableLines() throws Exception {
        createTopics("cli-predictions", "cli-dead-letters");
        try (KafkaProducer<String, Prediction> producer = transactionalProducer(ContractSerdes.prediction())) {
            producer.initTransactions();
            sendInTransaction(producer, "cli-predictions", true, "p1", "p2");
        }
        try (KafkaProducer<String, DeadLetter> producer = transactionalProducer(ContractSerdes.deadLetter())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("cli-dead-letters", "bad", DeadLetter.newBuilder().setImageId("bad")
                    .setOriginalValue(ByteBuffer.wrap(new byte[7])).setStage(FailureStage.DESERIALIZE)
                    .setReason("not Avro").setTopic("digit-images").setPartition(0).setOffset(5)
                    .setTime(Instant.now()).build()));
            producer.commitTransaction();
        }
        String bootstrap = kafka.bootstrapServers();

        CommandRun predictions = CommandRun.execute(new TailCommand(), "predictions", "--topic", "cli-predictions",
                "--from-beginning", "--max", "2", "--json", "--bootstrap-server", bootstrap);
        CommandRun table = CommandRun.execute(new TailCommand(), "predictions", "--topic", "cli-predictions",
                "--from-beginning", "--timeout", "2", "--bootstrap-server", bootstrap);
        CommandRun deadLetters = CommandRun.execute(new TailCommand(), "dead-letters", "--topic", "cli-dead-letters",
                "--from-beginning", "--max", "1", "--json", "--bootstrap-server", bootstrap);
        CommandRun missing = CommandRun.execute(new TailCommand(), "predictions", "--topic", "no-such-topic",
                "--bootstrap-server", bootstrap);

        assertThat(predictions.exitCode()).as(predictions.err()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : predictions.out().strip().split("\n")) {
            lines.add(mapper.readTree(line));
        }
        assertThat(lines).extracting(node -> node.get("id").asText()).containsExactlyInAnyOrder("p1", "p2");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().strip().split("\n")).hasSize(2).allSatisfy(line -> assertThat(line).contains("digit 4"));
        assertThat(deadLetters.exitCode()).as(deadLetters.err()).isZero();
        JsonNode deadLetter = mapper.readTree(deadLetters.out());
        assertThat(deadLetter.get("imageId").asText()).isEqualTo("bad");
        assertThat(deadLetter.get("stage").asText()).isEqualTo("DESERIALIZE");
        assertThat(deadLetter.get("originalValueBytes").asInt()).isEqualTo(7);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("topic no-such-topic does not exist");
    }

    private static <V> KafkaProducer<String, V> transactionalProducer(Serializer<V> values) {
        Properties properties = client();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + System.nanoTime());
        return new KafkaProducer<>(properties, new StringSerializer(), values);
    }

    private static void sendInTransaction(KafkaProducer<String, Prediction> producer, String topic, boolean commit,
            String... ids) {
        producer.beginTransaction();
        for (String id : ids) {
            producer.send(new ProducerRecord<>(topic, id, prediction(id)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static Prediction prediction(String id) {
        Instant now = Instant.now();
        return Prediction.newBuilder().setId(id).setSource("it").setDigit(4).setConfidence(0.9f)
                .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("test").setCaptureTime(now)
                .setClassificationTime(now).setLabel(4).build();
    }
}
