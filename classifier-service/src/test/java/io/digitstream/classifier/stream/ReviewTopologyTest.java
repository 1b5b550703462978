package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.classifier.review.ReviewConfig;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.Calibration;
import io.digitstream.model.DigitModel;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.ReviewRequest;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The review branch through the real topology, with the shipped model and its calibration from its metadata. */
class ReviewTopologyTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final String REVIEW = ReviewConfig.TOPIC.defaultValue();
    private static final RecordBudget SMALL = new RecordBudget(65_536);

    private final LabeledImages digits = MnistFixture.test500();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private RecordBudget budget;

    /** Another engine's calibration and version around the same model. */
    private record Recalibrated(InferenceEngine engine, Calibration calibration, String version) implements InferenceEngine {
        @Override
        public float[][] classify(float[][] inputs) {
            return engine.classify(inputs);
        }

        @Override
        public InferenceEngine copy() {
            return new Recalibrated(engine.copy(), calibration, version);
        }
    }

    private void start(InferenceEngine engine, ReviewConfig config, RecordBudget budget) {
        this.budget = budget;
        ReviewPolicy policy = ReviewPolicy.of(config, List.of(engine));
        RecordClassifier classifier = new RecordClassifier(new ImagePipeline(new ImageLimits(256, 256, 16 << 20)), engine,
                Clock.systemUTC()).withBudget(budget).withReview(policy);
        StreamsBuilder builder = new StreamsBuilder();
        ClassifierTopology.build(builder, TOPICS, ClassifierTopology.shadowTopic(TOPICS), BatchPolicy.PER_RECORD,
                () -> classifier, policy.enabled() ? config.topic() : null);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "review-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        images = driver.createInputTopic(TOPICS.images(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void predictionsUnderTheCalibratedThresholdAlsoGoToReviewWithTheirImage() {
        DigitModel model = TestModels.shipped();
        assertThat(model.calibration().isCalibrated()).as("the shipped model's metadata holds its calibration").isTrue();
        ReviewConfig config = new ReviewConfig(true, REVIEW, 0.005, null, 200);
        start(model, config, RecordBudget.DEFAULT);
        double threshold = model.calibration().thresholdFor(0.005).threshold();
        Map<String, DigitImage> sent = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            DigitImage image = i % 4 == 3 ? overlaid(i) : DigitRecords.gray8(digits, i, "r", "scanner", Instant.ofEpochMilli(i), true);
            sent.put(image.getId(), image);
            images.pipeInput(image.getId().getBytes(StandardCharsets.UTF_8), ContractSerdes.digitImage().serialize(TOPICS.images(), image));
        }

        Map<String, Prediction> predictions = read(TOPICS.predictions(), ContractSerdes.prediction()::deserialize);
        Map<String, ReviewRequest> reviews = read(REVIEW, ContractSerdes.reviewRequest()::deserialize);
        assertThat(predictions).as("every input still has its prediction").hasSize(sent.size());
        assertThat(driver.producedTopicNames()).doesNotContain(TOPICS.deadLetters());
        int expected = 0;
        for (Prediction p : predictions.values()) {
            float[] probabilities = new float[10];
            for (int c = 0; c < 10; c++) {
                probabilities[c] = p.getProbabilities().get(c);
            }
            float calibrated = model.calibration().confidence(probabilities, p.getDigit());
            if (calibrated < threshold) {
                expected++;
                ReviewRequest review = reviews.get(p.getId());
                assertThat(review).as("review request of %s (calibrated confidence %s)", p.getId(), calibrated).isNotNull();
                DigitImage image = sent.get(p.getId());
                assertThat(review.getPixels()).isEqualTo(image.getPixels());
                assertThat(review.getWidth()).isEqualTo(28);
                assertThat(review.getEncoding()).isEqualTo(image.getEncoding().name());
                assertThat(review.getSource()).isEqualTo(image.getSource());
                assertThat(review.getDigit()).isEqualTo(p.getDigit());
                assertThat(review.getConfidence()).isEqualTo(calibrated);
                assertThat(review.getRawConfidence()).isEqualTo(p.getConfidence());
                assertThat((double) review.getThreshold()).isEqualTo((float) threshold);
                assertThat(review.getModelVersion()).isEqualTo(model.version());
            }
        }
        assertThat(reviews).as("exactly the predictions under the threshold").hasSize(expected);
        assertThat(expected).as("overlaid digits are ambiguous: some are reviewed").isGreaterThan(0)
                .as("clean digits mostly are not").isLessThan(100);
    }

    /**
     * A review request holds the input's image, so it must fit one record too: images at the record value limit − 1
     * and at the limit are reviewed (within the record limit by the producer's measure), one byte more is dead-lettered
     * and neither predicted nor reviewed.
     */
    @Test
    void reviewRequestsOfImagesUpToTheRecordLimitFitOneRecord() {
        start(everythingUnsure(TestModels.shipped().version()), new ReviewConfig(true, REVIEW, 0.005, 1.0, 200), SMALL);
        int limit = SMALL.maxValueBytes();
        send("below", SizedRecords.pngImageOfSize(digits, 0, "below", limit - 1));
        send("at", SizedRecords.pngImageOfSize(digits, 1, "at", limit));
        send("over", SizedRecords.pngImageOfSize(digits, 2, "over", limit + 1));

        Map<String, Prediction> predictions = read(TOPICS.predictions(), ContractSerdes.prediction()::deserialize);
        Map<String, ReviewRequest> reviews = read(REVIEW, ContractSerdes.reviewRequest()::deserialize);
        assertThat(predictions).containsOnlyKeys("below", "at");
        assertThat(reviews).containsOnlyKeys("below", "at");
        assertThat(read(TOPICS.deadLetters(), ContractSerdes.deadLetter()::deserialize)).containsOnlyKeys("over");
        assertThat(reviews.get("at").getPixels().remaining()).isGreaterThan(limit - 200);
    }

    /** A review request that would not fit (here: a model version of 2,000 bytes) is not sent; the prediction is. */
    @Test
    void aReviewRequestThatWouldNotFitIsLeftOutAndThePredictionStillGoesOut() {
        start(everythingUnsure("v".repeat(2000)), new ReviewConfig(true, REVIEW, 0.005, 1.0, 200), SMALL);
        int limit = SMALL.maxValueBytes();
        send("small", SizedRecords.pngImageOfSize(digits, 0, "small", 2_000));
        send("at", SizedRecords.pngImageOfSize(digits, 1, "at", limit));

        assertThat(read(TOPICS.predictions(), ContractSerdes.prediction()::deserialize)).containsOnlyKeys("small", "at");
        assertThat(read(REVIEW, ContractSerdes.reviewRequest()::deserialize)).containsOnlyKeys("small");
    }

    @Test
    void withTheReviewOffNothingGoesToTheReviewTopic() {
        start(everythingUnsure("v1"), new ReviewConfig(false, REVIEW, 0.005, 1.0, 200), RecordBudget.DEFAULT);
        send("a", SizedRecords.pngImageOfSize(digits, 0, "a", 2_000));
        assertThat(read(TOPICS.predictions(), ContractSerdes.prediction()::deserialize)).containsOnlyKeys("a");
        assertThat(driver.producedTopicNames()).doesNotContain(REVIEW);
    }

    @Test
    void anUncalibratedModelNeedsAThresholdSetDirectly() {
        InferenceEngine uncalibrated = new Recalibrated(TestModels.shipped(), Calibration.NONE, "old-model");
        assertThatThrownBy(() -> ReviewPolicy.of(new ReviewConfig(true, REVIEW, 0.005, null, 200), List.of(uncalibrated)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("model old-model has no calibration")
                .hasMessageContaining("digits.review.threshold");
        ReviewPolicy direct = ReviewPolicy.of(new ReviewConfig(true, REVIEW, 0.005, 0.9, 200), List.of(uncalibrated));
        assertThat(direct.threshold(uncalibrated)).isEqualTo(0.9);
    }

    /** The shipped model at temperature 50: every calibrated confidence is low, so everything is under a threshold of 1. */
    private static InferenceEngine everythingUnsure(String version) {
        Calibration hot = new Calibration(50, "test", 1, 0, 0, List.of(new Calibration.CoveragePoint(0.5, 1, 0.5, 0.5)));
        return new Recalibrated(TestModels.shipped(), hot, version);
    }

    /** Digit i drawn over digit i + 1: an ambiguous image. */
    private DigitImage overlaid(int i) {
        byte[] a = digits.image(i);
        byte[] b = digits.image(i + 1);
        byte[] both = new byte[a.length];
        for (int p = 0; p < a.length; p++) {
            both[p] = (byte) Math.max(a[p] & 0xFF, b[p] & 0xFF);
        }
        return DigitImage.newBuilder(DigitRecords.gray8(digits, i, "r", "scanner", Instant.ofEpochMilli(i), true))
                .setPixels(ByteBuffer.wrap(both)).build();
    }

    private void send(String key, byte[] value) {
        images.pipeInput(key.getBytes(StandardCharsets.UTF_8), value);
    }

    private interface Reader<T> {
        T read(String topic, byte[] value);
    }

    /** The topic's records by key, each within the record limit by the producer's own measure. */
    private <T> Map<String, T> read(String topic, Reader<T> reader) {
        driver.advanceWallClockTime(Duration.ofMillis(100));
        Map<String, T> byKey = new HashMap<>();
        if (!driver.producedTopicNames().contains(topic)) {
            return byKey;
        }
        for (TestRecord<byte[], byte[]> record : driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList()) {
            assertThat(SizedRecords.producerSize(record.key(), record.value())).as("a record of %s", topic)
                    .isLessThanOrEqualTo(budget.maxRecordBytes());
            assertThat(byKey.put(new String(record.key(), StandardCharsets.UTF_8), reader.read(topic, record.value())))
                    .as("one record per key on %s", topic).isNull();
        }
        return byKey;
    }
}
