package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.model.DigitModel;
import io.digitstream.model.TestModels;
import io.digitstream.model.TestNetworks;
import io.digitstream.model.image.HostileImages;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per way an input can fail, through the real topology: each ends as exactly one dead letter
 * with the stage that found out, a reason that says what is wrong, and the record's original bytes,
 * topic, partition and offset; and the stream classifies the next good record.
 */
class DeadLetterStagesTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final ImageLimits LIMITS = new ImageLimits(256, 256, 100_000);

    private final DigitImage good = DigitRecords.gray8(MnistFixture.test500(), 0, "good", "s", Instant.EPOCH, true);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, ?> predictions;
    private long offset;

    private void start(DigitModel model, BatchPolicy policy) {
        StreamsBuilder builder = new StreamsBuilder();
        RecordClassifier classifier = new RecordClassifier(new ImagePipeline(LIMITS), model, Clock.systemUTC());
        ClassifierTopology.build(builder, TOPICS, policy, () -> classifier);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-stages");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        images = driver.createInputTopic(TOPICS.images(), new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new StringDeserializer(), ContractSerdes.deadLetter().deserializer());
        predictions = driver.createOutputTopic(TOPICS.predictions(), new StringDeserializer(), ContractSerdes.prediction().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Sends {@code value}, then a good image; expects one dead letter for the first and a prediction for the second. */
    private DeadLetter deadLetterOf(String key, byte[] value) {
        if (driver == null) {
            start(TestModels.shipped(), BatchPolicy.PER_RECORD);
        }
        long sent = offset;
        images.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        images.pipeInput(good.getId().getBytes(StandardCharsets.UTF_8), serialize(good));
        offset += 2;
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(predictions.readKeyValuesToList()).as("the stream goes on with the next record").hasSize(1);
        var letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.getOriginalValue()).isEqualTo(value == null ? null : ByteBuffer.wrap(value));
        assertThat(letter.getOriginalKey()).isEqualTo(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(letter.getTopic()).isEqualTo(TOPICS.images());
        assertThat(letter.getPartition()).isZero();
        assertThat(letter.getOffset()).isEqualTo(sent);
        return letter;
    }

    private DeadLetter deadLetterOf(DigitImage image) {
        DeadLetter letter = deadLetterOf(image.getId(), serialize(image));
        assertThat(letter.getImageId()).isEqualTo(image.getId());
        return letter;
    }

    private static byte[] serialize(DigitImage image) {
        return ContractSerdes.digitImage().serialize(TOPICS.images(), image);
    }

    private static void assertStage(DeadLetter letter, FailureStage stage, String reason) {
        assertThat(letter.getStage()).isEqualTo(stage);
        assertThat(letter.getReason()).contains(reason);
    }

    @Test
    void undecodableBytesWithoutAKeyAreKeptWithTheirOffset() {
        DeadLetter letter = deadLetterOf(null, new byte[] {1, 2, 3});
        assertThat(letter.getImageId()).isNull();
        assertStage(letter, FailureStage.DESERIALIZE, "not an Avro single-object encoded DigitImage");
    }

    @Test
    void unknownSchemaFingerprint() {
        byte[] bytes = serialize(good);
        bytes[2] ^= 0x55; // the fingerprint is bytes 2..9
        assertStage(deadLetterOf("k", bytes), FailureStage.DESERIALIZE, "unknown writer schema for DigitImage");
    }

    @Test
    void truncatedRecord() {
        byte[] bytes = serialize(good);
        assertStage(deadLetterOf("k", Arrays.copyOf(bytes, bytes.length / 2)), FailureStage.DESERIALIZE,
                "corrupt or truncated DigitImage");
    }

    @Test
    void recordMissingFieldsBehindAValidHeader() throws Exception {
        // The DigitImage fingerprint, then only id and source: a producer with a schema it never registered.
        var body = new java.io.ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
        encoder.writeString("half-an-image");
        encoder.writeString("scanner");
        encoder.flush();
        byte[] bytes = concat(Arrays.copyOf(serialize(good), 10), body.toByteArray());
        assertStage(deadLetterOf("half-an-image", bytes), FailureStage.DESERIALIZE, "corrupt or truncated DigitImage");
    }

    @Test
    void emptyIdAndImpossibleLabel() {
        assertStage(deadLetterOf("k", serialize(DigitImage.newBuilder(good).setId("").build())), FailureStage.VALIDATE,
                "image has an empty id");
        assertStage(deadLetterOf(DigitImage.newBuilder(good).setId("label-12").setLabel(12).build()), FailureStage.VALIDATE,
                "label 12 is not a digit 0..9");
    }

    @Test
    void zeroNegativeAndOversizedDimensions() {
        assertStage(deadLetterOf(DigitImage.newBuilder(good).setId("zero").setWidth(0).build()), FailureStage.VALIDATE,
                "impossible declared dimensions 0x28");
        assertStage(deadLetterOf(DigitImage.newBuilder(good).setId("negative").setHeight(-28).build()), FailureStage.VALIDATE,
                "impossible declared dimensions 28x-28");
        assertStage(deadLetterOf(DigitImage.newBuilder(good).setId("tall").setHeight(257).build()), FailureStage.VALIDATE,
                "declared dimensions 28x257 exceed the limit 256x256");
    }

    @Test
    void moreBytesThanTheByteLimit() {
        DigitImage big = HostileImages.image("big", PixelEncoding.PNG, 28, 28, new byte[100_001]);
        assertStage(deadLetterOf(big), FailureStage.VALIDATE, "100001 pixel bytes exceed the limit of 100000");
    }

    @Test
    void pixelCountNotMatchingTheDimensions() {
        assertStage(deadLetterOf(DigitImage.newBuilder(good).setId("short").setPixels(ByteBuffer.wrap(new byte[700])).build()),
                FailureStage.VALIDATE, "GRAY8 image has 700 bytes but width x height = 28x28 = 784");
    }

    @Test
    void corruptAndTruncatedPngAndJpeg() {
        byte[] png = HostileImages.stroke("png");
        byte[] jpeg = HostileImages.stroke("jpg");
        assertStage(deadLetterOf(HostileImages.image("png-cut", PixelEncoding.PNG, 28, 28, HostileImages.truncated(png, 0.6))),
                FailureStage.DECODE, "corrupt or truncated PNG");
        assertStage(deadLetterOf(HostileImages.image("png-noise", PixelEncoding.PNG, 28, 28, HostileImages.corrupted(png, 40, 1))),
                FailureStage.DECODE, "corrupt or truncated PNG");
        assertStage(deadLetterOf(HostileImages.image("jpeg-cut", PixelEncoding.JPEG, 28, 28, Arrays.copyOf(jpeg, jpeg.length - 30))),
                FailureStage.DECODE, "corrupt or truncated JPEG");
        assertStage(deadLetterOf(HostileImages.image("jpeg-noise", PixelEncoding.JPEG, 28, 28, HostileImages.corrupted(jpeg, 40, 1))),
                FailureStage.DECODE, "corrupt or truncated JPEG");
    }

    @Test
    void decompressionBombsAreRefusedFromTheirHeaders() {
        assertStage(deadLetterOf(HostileImages.image("png-bomb", PixelEncoding.PNG, 28, 28, HostileImages.pngBomb(60_000, 60_000))),
                FailureStage.VALIDATE, "PNG header dimensions 60000x60000 exceed the limit 256x256");
        assertStage(deadLetterOf(HostileImages.image("jpeg-bomb", PixelEncoding.JPEG, 28, 28, HostileImages.jpegBomb(60_000, 60_000))),
                FailureStage.VALIDATE, "JPEG header dimensions 60000x60000 exceed the limit 256x256");
    }

    @Test
    void blankImage() {
        assertStage(deadLetterOf(DigitImage.newBuilder(good).setId("blank").setPixels(ByteBuffer.wrap(new byte[784])).build()),
                FailureStage.NORMALIZE, "no ink");
    }

    @Test
    void aRecordOfAlmostAMebibyteIsRefusedBeforeBufferingWithADeadLetterThatFitsOneKafkaRecord() {
        start(TestModels.shipped(), new BatchPolicy(4, Duration.ofMillis(50)));
        byte[] huge = new byte[1_048_400]; // a valid Kafka record; its buffer entry or dead letter, whole, would not be
        images.pipeInput("huge".getBytes(StandardCharsets.UTF_8), huge);

        DeadLetter letter = deadLetters.readValue();
        assertStage(letter, FailureStage.VALIDATE, "record value of 1048400 bytes exceeds the limit of 1047135 bytes");
        assertThat(letter.getReason()).contains("keeps the first 4 of 4 key bytes and 1043519 of 1048400 value bytes");
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(huge, 0, 1_043_519));
        assertThat(letter.getImageId()).isEqualTo("huge");
        assertThat(SizedRecords.producerSize("huge".getBytes(StandardCharsets.UTF_8), ContractSerdes.deadLetter().serialize("d", letter)))
                .as("within Kafka's default max.request.size, measured as the producer does").isLessThanOrEqualTo(1_048_576);
    }

    @Test
    void modelFailureDeadLettersEveryRecordOfTheBatch() {
        start(TestNetworks.failing(), new BatchPolicy(4, Duration.ofMillis(50)));
        for (int i = 0; i < 3; i++) {
            DigitImage image = DigitImage.newBuilder(good).setId("m-" + i).build();
            images.pipeInput(image.getId().getBytes(StandardCharsets.UTF_8), serialize(image));
        }
        images.pipeInput("garbage".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));
        var letters = deadLetters.readValuesToList();

        assertThat(predictions.isEmpty()).isTrue();
        assertThat(letters).extracting(DeadLetter::getImageId).containsExactly("m-0", "m-1", "m-2", "garbage");
        assertThat(letters).extracting(DeadLetter::getStage).containsExactly(FailureStage.CLASSIFY, FailureStage.CLASSIFY,
                FailureStage.CLASSIFY, FailureStage.DESERIALIZE);
        assertThat(letters.get(1).getReason()).startsWith("model failure: ");
        assertThat(letters.get(1).getOffset()).isEqualTo(1L);
        assertThat(letters.get(1).getOriginalValue())
                .isEqualTo(ByteBuffer.wrap(serialize(DigitImage.newBuilder(good).setId("m-1").build())));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
