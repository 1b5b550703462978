package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.TestModels;
import io.digitstream.classifier.image.ImageLimits;
import io.digitstream.classifier.image.ImagePipeline;
import io.digitstream.classifier.model.DigitModel;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.mnist.LabeledImages;
import io.digitstream.mnist.MnistFixture;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import java.nio.ByteBuffer;
import java.time.Clock;
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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClassifierTopologyTest {

    private static final Topics TOPICS = Topics.DEFAULT;

    private final LabeledImages fixture = MnistFixture.test500();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        DigitModel model = TestModels.shipped();
        StreamsBuilder builder = new StreamsBuilder();
        ImagePipeline pipeline = new ImagePipeline(new ImageLimits(256, 256, 100_000));
        ClassifierTopology.build(builder, TOPICS, () -> new RecordClassifier(pipeline, model.copy(), Clock.systemUTC()));
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
        driver.close();
    }

    private void send(DigitImage image) {
        images.pipeInput(image.getId().getBytes(), ContractSerdes.digitImage().serialize(TOPICS.images(), image));
    }

    @Test
    void classifiesImagesIntoPredictionsKeyedById() {
        int n = 100;
        for (int i = 0; i < n; i++) {
            send(DigitRecords.gray8(fixture, i, "t", "scanner-1", Instant.ofEpochMilli(1000 + i), true));
        }

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
        assertThat(first.getModelVersion()).isEqualTo(TestModels.shipped().version());
    }

    @Test
    void badRecordsBecomeDeadLettersAndTheStreamKeepsClassifying() {
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
