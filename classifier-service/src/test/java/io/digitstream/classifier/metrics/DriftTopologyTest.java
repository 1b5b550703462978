package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.config.Topics;
import io.digitstream.metrics.DriftReference;
import io.digitstream.metrics.PredictionHistogram;
import io.digitstream.schemas.DriftScore;
import io.digitstream.schemas.DriftStatus;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.WindowKind;
import io.digitstream.schemas.serde.ContractSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift through the metrics topology, on predictions without any label: the reference of model {@code m1} holds
 * only confident 7s, so a window of confident 7s scores 0 and one of unsure 7s is far off. Windows need
 * {@value #MIN} predictions of a model for a score.
 */
class DriftTopologyTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final int MIN = 5;
    private static final double CONFIDENT = 0.9999999;
    private static final double UNSURE = 0.6;
    private static final MetricsConfig CONFIG = new MetricsConfig(true, Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMinutes(5), 3, 256, new DriftConfig(1.0, MIN));

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> predictions;
    private TestOutputTopic<String, MetricsSnapshot> snapshots;

    @BeforeEach
    void start() {
        PredictionHistogram reference = new PredictionHistogram();
        for (int i = 0; i < 100; i++) {
            reference.add(7, CONFIDENT);
        }
        DriftScoring drift = new DriftScoring(CONFIG.drift(), Map.of("m1", DriftReference.of("test", "onnx", reference)));
        StreamsBuilder builder = new StreamsBuilder();
        MetricsTopology.build(builder, TOPICS, CONFIG, MetricsListener.all(java.util.List.of()), drift,
                Clock.fixed(MetricsTopologyTest.NOW, ZoneOffset.UTC));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props, MetricsTopologyTest.NOW);
        predictions = driver.createInputTopic(TOPICS.predictions(), new StringSerializer(), new ByteArraySerializer());
        snapshots = driver.createOutputTopic(TOPICS.metrics(), new StringDeserializer(),
                ContractSerdes.metricsSnapshot().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private int ids;

    private void predict(String source, String model, int digit, double confidence, long t) {
        String id = source + "-" + ids++;
        predictions.pipeInput(id, ContractSerdes.prediction().serialize(TOPICS.predictions(), Prediction.newBuilder()
                .setId(id).setSource(source).setDigit(digit).setConfidence((float) confidence)
                .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion(model)
                .setCaptureTime(Instant.ofEpochMilli(t)).setClassificationTime(Instant.ofEpochMilli(t + 7)).build()), t);
    }

    private void predict(String source, String model, int n, double confidence) {
        for (int i = 0; i < n; i++) {
            predict(source, model, 7, confidence, 1_000 + i);
        }
    }

    /** The latest snapshot of each source's time window [0, 10 s), once the join window let its predictions out. */
    private Map<String, DriftScore> driftOfFirstWindow() {
        predict("clock", "m1", 7, CONFIDENT, 12_000); // stream time past 1 s + 10 s join window: unlabeled now
        Map<String, DriftScore> latest = new HashMap<>();
        Map<String, MetricsSnapshot> snapshotsBySource = new HashMap<>();
        snapshots.readValuesToList().stream()
                .filter(s -> s.getWindow() == WindowKind.TIME && s.getWindowStart().toEpochMilli() == 0)
                .forEach(s -> snapshotsBySource.put(s.getSource(), s));
        snapshotsBySource.forEach((source, s) -> {
            assertThat(s.getLabeled()).as("no labels at all").isZero();
            latest.put(source, s.getDrift());
        });
        return latest;
    }

    @Test
    void aWindowNeedsTheMinimumOfPredictionsForAScore() {
        predict("below", "m1", MIN - 1, CONFIDENT);
        predict("at", "m1", MIN, CONFIDENT);
        predict("above", "m1", MIN + 1, CONFIDENT);
        predict("at-unsure", "m1", MIN, UNSURE);

        Map<String, DriftScore> drift = driftOfFirstWindow();
        assertThat(drift.get("below").getStatus()).isEqualTo(DriftStatus.TOO_FEW);
        assertThat(drift.get("below").getPredictions()).isEqualTo(MIN - 1);
        assertThat(drift.get("below").getConfidencePsi()).isNull();
        assertThat(drift.get("at").getStatus()).isEqualTo(DriftStatus.STABLE);
        assertThat(drift.get("at").getConfidencePsi()).isZero();
        assertThat(drift.get("at").getClassPsi()).isZero();
        assertThat(drift.get("above").getStatus()).isEqualTo(DriftStatus.STABLE);
        assertThat(drift.get("above").getPredictions()).isEqualTo(MIN + 1);
        // all mass moves from the top confidence bin to [0.5, 0.8): (1 − 1e-4) ln(1 / 1e-4) twice
        assertThat(drift.get("at-unsure").getStatus()).isEqualTo(DriftStatus.DRIFTED);
        assertThat(drift.get("at-unsure").getConfidencePsi()).isCloseTo(2 * 0.9999 * Math.log(1e4),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(drift.get("at-unsure").getModelVersion()).isEqualTo("m1");
        assertThat(drift.get("at-unsure").getThreshold()).isEqualTo(1.0);
    }

    @Test
    void aModelWithoutAReferenceGetsNoScoreAndTheWindowScoresTheModelOfMostPredictions() {
        predict("other-model", "m2", MIN + 3, UNSURE);
        predict("mixed", "m2", MIN - 1, UNSURE);
        predict("mixed", "m1", MIN, CONFIDENT);

        Map<String, DriftScore> drift = driftOfFirstWindow();
        assertThat(drift.get("other-model").getStatus()).isEqualTo(DriftStatus.NO_REFERENCE);
        assertThat(drift.get("other-model").getModelVersion()).isEqualTo("m2");
        assertThat(drift.get("other-model").getConfidencePsi()).isNull();
        assertThat(drift.get("mixed").getModelVersion()).isEqualTo("m1");
        assertThat(drift.get("mixed").getStatus()).as("m2's unsure predictions are not m1's drift").isEqualTo(DriftStatus.STABLE);
    }
}
