package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-record budget through the real topology: key, value, id and source lengths at their limit − 1,
 * limit and limit + 1, and every record the topology writes (prediction, dead letter, buffer changelog entry)
 * within the record limit by Kafka's own measure, whatever that limit is.
 */
class RecordBudgetTest {

    /** A 64 KiB record limit: values up to 65,536 − 128 − 289 − 1,024 = 64,095 bytes. */
    private static final RecordBudget SMALL = new RecordBudget(65_536);
    private static final BatchPolicy BATCH_OF_4 = new BatchPolicy(4, Duration.ofMillis(50));

    private final LabeledImages digits = MnistFixture.test500();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private RecordBudget budget;
    private Topics topics;

    static List<BatchPolicy> policies() {
        return List.of(BatchPolicy.PER_RECORD, BATCH_OF_4);
    }

    private void start(BatchPolicy policy, RecordBudget budget, Topics topics) {
        this.budget = budget;
        this.topics = topics;
        StreamsBuilder builder = new StreamsBuilder();
        RecordClassifier classifier = new RecordClassifier(new ImagePipeline(new ImageLimits(256, 256, 16 << 20)),
                TestModels.shipped(), Clock.systemUTC()).withBudget(budget);
        ClassifierTopology.build(builder, topics, policy, () -> classifier);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "record-budget");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        images = driver.createInputTopic(topics.images(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void start(BatchPolicy policy, RecordBudget budget) {
        start(policy, budget, Topics.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void valuesUpToTheLimitAreClassifiedAndOneByteMoreIsDeadLettered(BatchPolicy policy) {
        start(policy, SMALL);
        int limit = SMALL.maxValueBytes();
        assertThat(limit).isEqualTo(64_095);
        send("below", SizedRecords.pngImageOfSize(digits, 0, "below", limit - 1));
        send("at", SizedRecords.pngImageOfSize(digits, 1, "at", limit));
        send("over", SizedRecords.pngImageOfSize(digits, 2, "over", limit + 1));
        // The longest key with a value at the limit: its buffer entry is the largest there can be.
        String longKey = "k".repeat(RecordBudget.MAX_KEY_BYTES);
        send(longKey, SizedRecords.pngImageOfSize(digits, 3, "long-key", limit));

        Outputs out = outputs();
        assertThat(out.predictions).containsOnlyKeys("below", "at", "long-key");
        assertThat(out.predictions.get("at").getDigit()).isEqualTo(digits.label(1));
        DeadLetter over = out.deadLetters.get("over");
        assertThat(over.getStage()).isEqualTo(FailureStage.VALIDATE);
        assertThat(over.getReason()).contains("record value of 64096 bytes exceeds the limit of 64095 bytes");
        assertThat(over.getImageId()).isEqualTo("over");
        if (!policy.perRecord()) {
            assertThat(out.largestChangelogRecord).as("the largest buffer entry, measured as the producer does")
                    .isGreaterThan(SMALL.maxRecordBytes() - RecordBudget.RECORD_FRAMING - RecordBudget.MAX_TOPIC_BYTES)
                    .isLessThanOrEqualTo(SMALL.maxRecordBytes());
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void keysUpToTheLimitAreTakenAndOneByteMoreIsDeadLettered(BatchPolicy policy) {
        start(policy, SMALL);
        send("a".repeat(1023), good(0, "key-1023"));
        send("b".repeat(1024), good(1, "key-1024"));
        send("c".repeat(1025), good(2, "key-1025"));

        Outputs out = outputs();
        assertThat(out.predictions).containsOnlyKeys("key-1023", "key-1024");
        DeadLetter over = out.deadLetters.get("c".repeat(256));
        assertThat(over.getStage()).isEqualTo(FailureStage.VALIDATE);
        assertThat(over.getReason()).contains("record key of 1025 bytes exceeds the limit of 1024 bytes")
                .contains("keeps the first 256 of 1025 bytes of the id");
        assertThat(over.getOriginalKey()).isEqualTo(ByteBuffer.wrap("c".repeat(1025).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKeyOfInvalidUtf8GivesAnIdCutToTheLimitAfterDecoding() {
        start(BATCH_OF_4, SMALL);
        byte[] key = new byte[RecordBudget.MAX_KEY_BYTES];
        Arrays.fill(key, (byte) 0xFF); // each byte decodes to U+FFFD, 3 bytes: 3,072 bytes of id
        images.pipeInput(key, new byte[] {1, 2, 3});

        Outputs out = outputs();
        DeadLetter letter = out.deadLetters.values().iterator().next();
        assertThat(letter.getStage()).isEqualTo(FailureStage.DESERIALIZE);
        assertThat(letter.getImageId()).isEqualTo("\uFFFD".repeat(85));
        assertThat(letter.getReason()).contains("keeps the first 255 of 3072 bytes of the id");
        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(key));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void idsUpToTheLimitAreClassifiedAndOneByteMoreIsDeadLetteredWithItsIdCut(BatchPolicy policy) {
        start(policy, SMALL);
        String id255 = "i".repeat(255);
        String id256 = "j".repeat(256);
        String id257 = "k".repeat(257);
        String euros = "\u20AC".repeat(86); // 258 bytes: cut at a whole character, 255 bytes
        send("k255", good(0, id255));
        send("k256", good(1, id256));
        send("k257", good(2, id257));
        send("euros", good(3, euros));

        Outputs out = outputs();
        assertThat(out.predictions).containsOnlyKeys(id255, id256);
        DeadLetter over = out.deadLetters.get("k".repeat(256));
        assertThat(over.getStage()).isEqualTo(FailureStage.VALIDATE);
        assertThat(over.getReason()).contains("image id of 257 bytes exceeds the limit of 256 bytes")
                .contains("keeps the first 256 of 257 bytes of the id");
        DeadLetter multibyte = out.deadLetters.get("\u20AC".repeat(85));
        assertThat(multibyte.getReason()).contains("image id of 258 bytes exceeds the limit of 256 bytes")
                .contains("keeps the first 255 of 258 bytes of the id");
    }

    @ParameterizedTest
    @MethodSource("policies")
    void sourcesUpToTheLimitAreClassifiedAndOneByteMoreIsDeadLettered(BatchPolicy policy) {
        start(policy, SMALL);
        for (int length : new int[] {255, 256, 257}) {
            DigitImage image = DigitImage.newBuilder(image(length % 10, "source-" + length)).setSource("s".repeat(length)).build();
            send(image.getId(), serialize(image));
        }
        Outputs out = outputs();
        assertThat(out.predictions).containsOnlyKeys("source-255", "source-256");
        assertThat(out.predictions.get("source-256").getSource()).hasSize(256);
        DeadLetter over = out.deadLetters.get("source-257");
        assertThat(over.getStage()).isEqualTo(FailureStage.VALIDATE);
        assertThat(over.getReason()).contains("source of 257 bytes exceeds the limit of 256 bytes");
    }

    @ParameterizedTest
    @MethodSource("policies")
    void aValidImageWithAnIdOf600KbGivesOutputsThatFitOneKafkaRecord(BatchPolicy policy) {
        start(policy, RecordBudget.DEFAULT);
        String id = "x".repeat(600_000);
        send("long-id", good(4, id));

        Outputs out = outputs();
        assertThat(out.predictions).isEmpty();
        DeadLetter letter = out.deadLetters.get("x".repeat(256));
        assertThat(letter.getReason()).contains("image id of 600000 bytes exceeds the limit of 256 bytes");
        assertThat(letter.getOriginalValue().remaining()).as("the whole record fits the dead letter").isGreaterThan(600_000);
    }

    @Test
    void theWorstDeadLetterFitsWhateverTheRecordLimit() {
        for (int maxRecordBytes : new int[] {RecordBudget.MIN_RECORD_BYTES, 65_536, 1_048_576, 8 << 20}) {
            RecordBudget budget = new RecordBudget(maxRecordBytes);
            // A key and value as large as the images topic can hold, from a topic of the longest name Kafka allows.
            byte[] key = new byte[maxRecordBytes];
            byte[] value = new byte[maxRecordBytes];
            Arrays.fill(key, (byte) 0xE2);
            String id = "\u20AC".repeat(maxRecordBytes);
            DeadLetterBounds.Originals originals = DeadLetterBounds.fit(key, value, budget);
            DeadLetter letter = DeadLetter.newBuilder()
                    .setImageId(DeadLetterBounds.imageId(id))
                    .setOriginalKey(originals.key())
                    .setOriginalValue(originals.value())
                    .setStage(FailureStage.DESERIALIZE)
                    .setReason(DeadLetterBounds.reason("\u20AC".repeat(10_000), DeadLetterBounds.imageIdNote(id) + originals.note()))
                    .setTopic("t".repeat(RecordBudget.MAX_TOPIC_BYTES))
                    .setPartition(Integer.MIN_VALUE)
                    .setOffset(Long.MIN_VALUE)
                    .setTime(Instant.ofEpochMilli(Long.MIN_VALUE))
                    .build();
            assertThat(letter.getReason().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(RecordBudget.MAX_REASON_BYTES);
            byte[] serialized = ContractSerdes.deadLetter().serialize("d", letter);
            int size = SizedRecords.producerSize(letter.getImageId().getBytes(StandardCharsets.UTF_8), serialized);
            assertThat(size).as("dead letter under a limit of %d", maxRecordBytes).isLessThanOrEqualTo(maxRecordBytes)
                    .isGreaterThan(maxRecordBytes - 1_000);

            // The largest buffer entry: the longest key and the largest value from the longest topic name.
            BufferedInput entry = new BufferedInput(new byte[RecordBudget.MAX_KEY_BYTES], new byte[budget.maxValueBytes()],
                    new RecordOrigin("t".repeat(RecordBudget.MAX_TOPIC_BYTES), Integer.MAX_VALUE, Long.MAX_VALUE), Long.MIN_VALUE);
            int entrySize = SizedRecords.producerSize(Serdes.Long().serializer().serialize("c", Long.MAX_VALUE),
                    BufferedInput.SERDE.serializer().serialize("c", entry));
            assertThat(entrySize).as("buffer entry under a limit of %d", maxRecordBytes).isLessThanOrEqualTo(maxRecordBytes)
                    .isGreaterThan(maxRecordBytes - RecordBudget.RECORD_FRAMING);
        }
    }

    @Test
    void aRecordFromATopicOfTheLongestNameGetsADeadLetterThatFits() {
        start(BATCH_OF_4, SMALL, new Topics("p".repeat(RecordBudget.MAX_TOPIC_BYTES), "labels", "predictions", "dead-letters",
                "metrics"));
        byte[] key = new byte[RecordBudget.MAX_KEY_BYTES + 1];
        Arrays.fill(key, (byte) 0xFF);
        images.pipeInput(key, new byte[SMALL.maxValueBytes() + 1]);
        images.pipeInput("k".repeat(RecordBudget.MAX_KEY_BYTES).getBytes(StandardCharsets.UTF_8), new byte[SMALL.maxValueBytes()]);

        Outputs out = outputs();
        assertThat(out.deadLetters).hasSize(2);
        assertThat(out.deadLetters.values()).extracting(DeadLetter::getReason)
                .anySatisfy(reason -> assertThat(reason).contains("record key of 1025 bytes exceeds the limit of 1024 bytes")
                        .contains("value bytes, to fit one Kafka record"))
                .anySatisfy(reason -> assertThat(reason).contains("not an Avro single-object encoded DigitImage"));
    }

    private DigitImage image(int index, String id) {
        return DigitImage.newBuilder(DigitRecords.gray8(digits, index, "", "s", Instant.EPOCH, true)).setId(id).build();
    }

    private byte[] good(int index, String id) {
        return serialize(image(index, id));
    }

    private byte[] serialize(DigitImage image) {
        return ContractSerdes.digitImage().serialize(topics.images(), image);
    }

    private void send(String key, byte[] value) {
        images.pipeInput(key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Everything the topology wrote, each record checked against the record limit by the producer's own measure. */
    private Outputs outputs() {
        driver.advanceWallClockTime(Duration.ofMillis(100)); // close a partial batch
        Outputs out = new Outputs();
        for (String topic : driver.producedTopicNames()) {
            List<TestRecord<byte[], byte[]>> records = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
            for (TestRecord<byte[], byte[]> record : records) {
                int size = SizedRecords.producerSize(record.key(), record.value());
                assertThat(size).as("a record of %s", topic).isLessThanOrEqualTo(budget.maxRecordBytes());
                assertThat(record.headers().toArray()).as("headers of a record of %s", topic).isEmpty();
                if (topic.equals(topics.predictions())) {
                    Prediction prediction = ContractSerdes.prediction().deserialize(topic, record.value());
                    assertThat(out.predictions.put(prediction.getId(), prediction)).isNull();
                } else if (topic.equals(topics.deadLetters())) {
                    DeadLetter letter = ContractSerdes.deadLetter().deserialize(topic, record.value());
                    assertThat(letter.getImageId().getBytes(StandardCharsets.UTF_8).length)
                            .isLessThanOrEqualTo(RecordBudget.MAX_ID_BYTES);
                    assertThat(out.deadLetters.put(letter.getImageId(), letter)).isNull();
                } else if (topic.endsWith("-changelog")) {
                    out.largestChangelogRecord = Math.max(out.largestChangelogRecord, size);
                    out.changelogTopics.add(topic);
                }
            }
        }
        return out;
    }

    private static final class Outputs {
        final Map<String, Prediction> predictions = new HashMap<>();
        final Map<String, DeadLetter> deadLetters = new HashMap<>();
        final List<String> changelogTopics = new ArrayList<>();
        int largestChangelogRecord;
    }
}
