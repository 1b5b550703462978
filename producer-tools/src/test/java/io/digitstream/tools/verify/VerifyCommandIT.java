package io.digitstream.tools.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.config.Topics;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.tools.cli.CommandRun;
import io.digitstream.tools.cli.VerifyCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} on a real broker, with the classifier's outputs written here by hand so that every way
 * conservation can fail is produced on purpose: a lost input, a duplicated output, an output without input.
 */
class VerifyCommandIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.singleNode();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    /** A run's topics with: 10 images, 2 keyed garbage records, 1 keyless one, 1 tombstone; and their outputs. */
    private record Run(Topics topics, List<String> imageIds, List<Unreadable> unreadable, Path config) {
    }

    /** A record that is not an image, with its key (null for none) and where it landed. */
    private record Unreadable(String key, RecordMetadata origin) {
    }

    private Run publishInputs(String name, Path dir) throws Exception {
        Topics topics = Topics.withPrefix(name);
        kafka.createTopics(List.of(topics.images(), topics.predictions(), topics.deadLetters()), 3, (short) 1);
        List<String> ids = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            for (int i = 0; i < 10; i++) {
                DigitImage image = image(name + "-" + i);
                ids.add(image.getId());
                producer.send(record(topics.images(), image.getId(), ContractSerdes.digitImage().serialize(topics.images(), image)));
            }
            for (String key : java.util.Arrays.asList("garbage-1", "garbage-2", null, "tombstone")) {
                byte[] value = "tombstone".equals(key) ? null : ("not an image " + key).getBytes(StandardCharsets.UTF_8);
                unreadable.add(new Unreadable(key, producer.send(record(topics.images(), key, value)).get()));
            }
        }
        return new Run(topics, ids, unreadable, configFor(topics, dir));
    }

    private static Path configFor(Topics topics, Path dir) throws Exception {
        Path config = dir.resolve(topics.images() + ".properties");
        Files.writeString(config, topics.asConfig().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        return config;
    }

    /** What the classifier would write: a prediction per image, a dead letter per unreadable record. */
    private static void publishOutputs(Run run, KafkaProducer<byte[], byte[]> producer, List<String> predicted) throws Exception {
        for (String id : predicted) {
            producer.send(record(run.topics().predictions(), id, ContractSerdes.prediction().serialize("", prediction(id)))).get();
        }
        for (Unreadable input : run.unreadable()) {
            // As the classifier names them: by key; a keyless record has no id, only its origin.
            producer.send(record(run.topics().deadLetters(), input.key(),
                    ContractSerdes.deadLetter().serialize("", deadLetter(input.key(), input.origin())))).get();
        }
    }

    @Test
    void holdsWhenEveryInputHasExactlyOneOutputAndIgnoresAbortedOutputs(@TempDir Path dir) throws Exception {
        Run run = publishInputs("verify-ok", dir);
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            publishOutputs(run, producer, run.imageIds());
        }
        try (KafkaProducer<byte[], byte[]> aborted = producer("verify-aborted")) {
            aborted.initTransactions();
            aborted.beginTransaction();
            aborted.send(record(run.topics().predictions(), run.imageIds().get(0),
                    ContractSerdes.prediction().serialize("", prediction(run.imageIds().get(0)))));
            aborted.flush();
            aborted.abortTransaction();
        }

        CommandRun verify = verify(run, "--json");

        assertThat(verify.exitCode()).as(verify.err()).isZero();
        JsonNode counts = lastLine(verify);
        assertThat(counts.get("inputs").asInt()).isEqualTo(14);
        assertThat(counts.get("predictions").asInt()).isEqualTo(10);
        assertThat(counts.get("deadLetters").asInt()).isEqualTo(4);
        assertThat(counts.get("lost").asInt()).isZero();
        assertThat(counts.get("duplicated").asInt()).as("the aborted duplicate is not read").isZero();
        assertThat(counts.get("conserved").asBoolean()).isTrue();
    }

    @Test
    void failsOnALostInputADuplicateAndAnOutputWithoutInput(@TempDir Path dir) throws Exception {
        Run run = publishInputs("verify-bad", dir);
        List<String> predicted = new ArrayList<>(run.imageIds().subList(1, 10)); // the first image is lost
        predicted.add(run.imageIds().get(5)); // one is predicted twice
        predicted.add("never-published");
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            publishOutputs(run, producer, predicted);
        }

        CommandRun verify = verify(run);

        assertThat(verify.exitCode()).isEqualTo(4);
        assertThat(verify.out()).contains("lost          1").contains("duplicated    1").contains("unexpected    1")
                .contains("conservation FAILS");
    }

    @Test
    void countsRecordsNotIdsSoAnIdSentTwiceNeedsTwoOutputs(@TempDir Path dir) throws Exception {
        Run run = publishInputs("verify-resent", dir);
        String resent = run.imageIds().get(3);
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            DigitImage again = image(resent);
            producer.send(record(run.topics().images(), resent, ContractSerdes.digitImage().serialize("", again))).get();
            publishOutputs(run, producer, run.imageIds()); // one prediction for the id sent twice: a copy is lost
        }

        CommandRun oneShort = verify(run, "--json");

        assertThat(oneShort.exitCode()).as(oneShort.err()).isEqualTo(4);
        JsonNode counts = lastLine(oneShort);
        assertThat(counts.get("inputs").asInt()).isEqualTo(15);
        assertThat(counts.get("inputIds").asInt()).isEqualTo(14);
        assertThat(counts.get("lost").asInt()).isEqualTo(1);
        assertThat(counts.get("duplicated").asInt()).isZero();

        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            producer.send(record(run.topics().predictions(), resent,
                    ContractSerdes.prediction().serialize("", prediction(resent)))).get();
        }
        CommandRun both = verify(run, "--json");

        assertThat(both.exitCode()).as(both.out()).isZero();
        assertThat(lastLine(both).get("duplicated").asInt()).as("two records, two predictions").isZero();
        assertThat(lastLine(both).get("predictions").asInt()).isEqualTo(11);
    }

    @Test
    void matchesDeadLettersByPositionAndReportsForeignRecordsInTheOutputTopics(@TempDir Path dir) throws Exception {
        Run run = publishInputs("verify-foreign", dir);
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            publishOutputs(run, producer, run.imageIds());
            for (String topic : List.of(run.topics().predictions(), run.topics().deadLetters())) {
                producer.send(record(topic, "tombstone", null)).get();
                producer.send(record(topic, "wrong", "not an output".getBytes(StandardCharsets.UTF_8))).get();
                // a producer pointed at the wrong topic: a valid image where outputs belong
                producer.send(record(topic, "image", ContractSerdes.digitImage().serialize("", image("image")))).get();
            }
            // the labels topic's own dead letter: an output, but not of an images-topic record
            producer.send(record(run.topics().deadLetters(), "label", ContractSerdes.deadLetter().serialize("",
                    DeadLetter.newBuilder().setStage(FailureStage.DESERIALIZE).setReason("label 12")
                            .setTopic(run.topics().labels()).setPartition(0).setOffset(0).setTime(Instant.EPOCH)
                            .build()))).get();
        }

        CommandRun verify = verify(run, "--json");

        assertThat(verify.exitCode()).as(verify.err() + verify.out()).isZero();
        JsonNode counts = lastLine(verify);
        assertThat(counts.get("foreign").get(run.topics().predictions()).asInt()).isEqualTo(3);
        assertThat(counts.get("foreign").get(run.topics().deadLetters()).asInt()).isEqualTo(3);
        assertThat(counts.get("sideDeadLetters").get(run.topics().labels()).asInt()).isEqualTo(1);
        assertThat(counts.get("deadLetters").asInt()).isEqualTo(4);

        // A dead letter naming an offset where no input is, and a second one for the same record.
        Unreadable first = run.unreadable().get(0);
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            producer.send(record(run.topics().deadLetters(), first.key(),
                    ContractSerdes.deadLetter().serialize("", deadLetter(first.key(), first.origin())))).get();
            producer.send(record(run.topics().deadLetters(), null, ContractSerdes.deadLetter().serialize("",
                    DeadLetter.newBuilder().setStage(FailureStage.DESERIALIZE).setReason("test")
                            .setTopic(run.topics().images()).setPartition(0).setOffset(1_000_000).setTime(Instant.EPOCH)
                            .build()))).get();
        }
        CommandRun wrong = verify(run, "--json");

        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(lastLine(wrong).get("duplicated").asInt()).isEqualTo(1);
        assertThat(lastLine(wrong).get("unexpected").asInt()).isEqualTo(1);
        assertThat(lastLine(wrong).get("lost").asInt()).isZero();
    }

    @Test
    void failsWhileOutputsAreMissingAndSaysKafkaFailedForAMissingTopic(@TempDir Path dir) throws Exception {
        Run run = publishInputs("verify-unfinished", dir);

        CommandRun verify = verify(run, "--json");

        assertThat(verify.exitCode()).isEqualTo(4);
        assertThat(lastLine(verify).get("lost").asInt()).isEqualTo(14);
        Run noTopics = new Run(Topics.withPrefix("verify-none"), List.of(), List.of(),
                configFor(Topics.withPrefix("verify-none"), dir));
        CommandRun missing = verify(noTopics);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("verify-none-images does not exist");
    }

    private static CommandRun verify(Run run, String... extra) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", kafka.bootstrapServers(), "--config",
                run.config().toString()));
        args.addAll(List.of(extra));
        return CommandRun.execute(new VerifyCommand(), args.toArray(String[]::new));
    }

    private static JsonNode lastLine(CommandRun run) throws Exception {
        String[] lines = run.out().strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        if (transactionalId != null) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static DigitImage image(String id) {
        return DigitImage.newBuilder().setId(id).setSource("s").setCaptureTime(Instant.EPOCH).setWidth(1).setHeight(1)
                .setEncoding(PixelEncoding.GRAY8).setPixels(ByteBuffer.wrap(new byte[] {1})).build();
    }

    private static Prediction prediction(String id) {
        List<Float> probabilities = new ArrayList<>(java.util.Collections.nCopies(10, 0.1f));
        return Prediction.newBuilder().setId(id).setSource("s").setDigit(1).setConfidence(0.1f)
                .setProbabilities(probabilities).setModelVersion("v").setCaptureTime(Instant.EPOCH)
                .setClassificationTime(Instant.EPOCH).build();
    }

    private static DeadLetter deadLetter(String key, RecordMetadata origin) {
        return DeadLetter.newBuilder().setImageId(key).setOriginalKey(key == null ? null : ByteBuffer.wrap(key.getBytes()))
                .setStage(FailureStage.DESERIALIZE).setReason("test").setTopic(origin.topic())
                .setPartition(origin.partition()).setOffset(origin.offset()).setTime(Instant.EPOCH).build();
    }
}
