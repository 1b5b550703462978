package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.DigitModel;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClassifierTopologyTest {

    private static final Topics TOPICS = Topics.DEFAULT;

    private final LabeledImages fixture = MnistFixture.test500();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    private static final BatchPolicy BATCH_OF_8 = new BatchPolicy(8, Duration.ofMillis(50));

    private final DigitModel model = TestModels.shipped();

    static List<BatchPolicy> policies() {
        return List.of(BatchPolicy.PER_RECORD, BATCH_OF_8);
    }

    void start(BatchPolicy policy) {
        StreamsBuilder builder = new StreamsBuilder();
        ImagePipeline pipeline = new ImagePipeline(new ImageLimits(256, 256, 100_000));
        RecordClassifier classifier = new RecordClassifier(pipeline, model, Clock.systemUTC());
        ClassifierTopology.build(builder, TOPICS, policy, () -> classifier);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        images = driver.createInputTopic(TOPICS.images(), new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(TOPICS.predictions(), new StringDeserializer(), ContractSerdes.prediction().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new StringDeserializer(), ContractSerdes.deadLetter().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Lets the wall clock pass the batch delay so a partial batch is flushed (a no-op per record). */
    private void closePartialBatch() {
        driver.advanceWallClockTime(Duration.ofMillis(100));
    }

    private void send(DigitImage image) {
        images.pipeInput(image.getId().getBytes(), ContractSerdes.digitImage().serialize(TOPICS.images(), image));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void classifiesImagesIntoPredictionsKeyedById(BatchPolicy policy) {
        start(policy);
        int n = 100;
        for (int i = 0; i < n; i++) {
            send(DigitRecords.gray8(fixture, i, "t", "scanner-1", Instant.ofEpochMilli(1000 + i), true));
        }
        closePartialBatch();

        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(n);
        assertThat(deadLetters.isEmpty()).isTrue();
        long correct = out.stream().filter(r -> r.value().getDigit() == r.value().getLabel()).count();
        assertThat(correct).as("a trained model gets nearly all of 100 MNIST test digits right").isGreaterThanOrEqualTo(90);
        Prediction first = out.get(0).value();
        assertThat(out.get(0).key()).isEqualTo("t-00000").isEqualTo(first.getId());
        assertThat(first.getSource()).isEqualTo("scanner-1");
        assertThat(first.getLabel()).isEqualTo(7);
        assertThat(first.getProbabilities()).hasSize(10);
        assertThat(first.getProbabilities().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(first.getConfidence()).isEqualTo(first.getProbabilities().get(first.getDigit()));
        assertThat(first.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(first.getModelVersion()).isEqualTo(model.version());
        assertThat(out).extracting(TestRecord::key).as("outputs keep input order")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).mapToObj(i -> String.format("t-%05d", i)).toList());
    }

    @Test
    void aBatchIsHeldInTheChangeloggedStoreUntilFullOrDue() {
        start(BATCH_OF_8);
        for (int i = 0; i < 3; i++) {
            send(DigitRecords.gray8(fixture, i, "b", "s", Instant.EPOCH, true));
        }
        KeyValueStore<Long, BufferedInput> buffer = driver.getKeyValueStore(BatchingClassifyProcessor.BUFFER_STORE);

        assertThat(predictions.isEmpty()).isTrue();
        assertThat(buffer.approximateNumEntries()).isEqualTo(3);
        driver.advanceWallClockTime(Duration.ofMillis(20));
        assertThat(predictions.isEmpty()).as("not due before the max delay").isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(40));
        assertThat(predictions.readKeyValuesToList()).hasSize(3);
        assertThat(buffer.approximateNumEntries()).isZero();

        for (int i = 3; i < 11; i++) {
            send(DigitRecords.gray8(fixture, i, "b", "s", Instant.EPOCH, true));
        }
        assertThat(predictions.readKeyValuesToList()).as("a full batch flushes at once").hasSize(8);
        assertThat(buffer.approximateNumEntries()).isZero();
    }

    /**
     * A batch also closes when its decoded pixels reach the policy's budget, so that a batch of large pages is
     * classified in several smaller ones: at the budget − 1 it waits, at the budget it closes, and a record that
     * would take it past the budget waits for the next batch.
     */
    @Test
    void aBatchClosesWhenItsDecodedPixelsReachThePixelBudget() {
        start(new BatchPolicy(32, Duration.ofMillis(50), 20_000));
        KeyValueStore<Long, BufferedInput> buffer = driver.getKeyValueStore(BatchingClassifyProcessor.BUFFER_STORE);

        send(page("below-1", 99, 101)); // 9,999 pixels
        send(page("below-2", 100, 100)); // 19,999 in all
        assertThat(outputs()).as("19,999 pixels: below the budget").isZero();
        assertThat(buffer.approximateNumEntries()).isEqualTo(2);
        closePartialBatch();
        assertThat(outputs()).isEqualTo(2);

        send(page("at-1", 100, 100));
        send(page("at-2", 100, 100)); // 20,000
        assertThat(outputs()).as("20,000 pixels: at the budget the batch closes").isEqualTo(2);
        assertThat(buffer.approximateNumEntries()).isZero();

        send(page("over-1", 100, 100));
        send(page("over-2", 73, 137)); // 20,001: the first alone is classified, the second waits
        assertThat(outputs()).as("20,001 pixels: the batch closes before the record that would exceed it").isEqualTo(1);
        assertThat(buffer.approximateNumEntries()).isEqualTo(1);
        closePartialBatch();
        assertThat(outputs()).isEqualTo(1);
    }

    /** A GRAY8 image with a dark bar on light paper, so that it has ink. */
    private static DigitImage page(String id, int width, int height) {
        byte[] pixels = new byte[width * height];
        java.util.Arrays.fill(pixels, (byte) 230);
        for (int y = height / 4; y < 3 * height / 4; y++) {
            for (int x = width / 2 - 3; x < width / 2 + 3; x++) {
                pixels[y * width + x] = 10;
            }
        }
        return DigitImage.newBuilder().setId(id).setSource("s").setCaptureTime(Instant.EPOCH).setWidth(width).setHeight(height)
                .setEncoding(PixelEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels)).build();
    }

    /** Predictions and dead letters written since the last call. */
    private int outputs() {
        return predictions.readRecordsToList().size() + deadLetters.readRecordsToList().size();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void badRecordsBecomeDeadLettersAndTheStreamKeepsClassifying(BatchPolicy policy) {
        start(policy);
        DigitImage good = DigitRecords.gray8(fixture, 0, "g", "s", Instant.EPOCH, true);
        DigitImage wrongSize = DigitImage.newBuilder(good).setId("wrong-size").setWidth(27).build();
        DigitImage tooLarge = DigitImage.newBuilder(good).setId("too-large").setWidth(100_000).setHeight(1).build();
        DigitImage badPng = DigitImage.newBuilder(good).setId("bad-png").setEncoding(PixelEncoding.PNG)
                .setPixels(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3})).build();
        DigitImage blank = DigitImage.newBuilder(good).setId("blank").setPixels(ByteBuffer.wrap(new byte[784])).build();

        images.pipeInput("garbage".getBytes(), "definitely not avro".getBytes());
        send(wrongSize);
        send(good);
        send(tooLarge);
        send(badPng);
        send(blank);
        images.pipeInput("tombstone".getBytes(), (byte[]) null);
        send(DigitImage.newBuilder(good).setId("g-after").build());
        closePartialBatch();

        assertThat(predictions.readKeyValuesToMap()).containsOnlyKeys("g-00000", "g-after");
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).extracting(DeadLetter::getImageId)
                .containsExactly("garbage", "wrong-size", "too-large", "bad-png", "blank", "tombstone");
        assertThat(dead).extracting(DeadLetter::getStage).containsExactly(FailureStage.DESERIALIZE, FailureStage.VALIDATE,
                FailureStage.VALIDATE, FailureStage.DECODE, FailureStage.NORMALIZE, FailureStage.DESERIALIZE);
        assertThat(dead.get(0).getReason()).contains("not an Avro single-object encoded DigitImage");
        assertThat(dead.get(1).getReason()).contains("784 bytes but width x height = 27x28");
        assertThat(dead.get(2).getReason()).contains("exceed the limit");
        assertThat(dead.get(4).getReason()).contains("no ink");
        assertThat(dead.get(0).getOriginalValue()).isEqualTo(ByteBuffer.wrap("definitely not avro".getBytes()));
        assertThat(dead.get(0).getTopic()).isEqualTo(TOPICS.images());
        assertThat(dead.get(0).getOffset()).isEqualTo(0L);
        assertThat(dead.get(1).getOffset()).isEqualTo(1L);
    }
}
