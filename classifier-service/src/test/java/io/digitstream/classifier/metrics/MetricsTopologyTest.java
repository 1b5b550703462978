package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.config.Topics;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.WindowKind;
import io.digitstream.schemas.serde.ContractSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The label join and the windows, driven through time with {@link TopologyTestDriver}. Unless a test says otherwise:
 * time windows of 10 s advancing by 5 s with 15 s grace, labels joining within 10 s, count windows of 3.
 */
class MetricsTopologyTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final MetricsConfig CONFIG = new MetricsConfig(true, Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(5), 3);
    private static final String ALL = Observation.ALL_SOURCES;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Prediction> predictions;
    private TestInputTopic<String, byte[]> labels;
    private TestInputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, MetricsSnapshot> snapshots;
    private final List<String> unmatched = new CopyOnWriteArrayList<>();
    private final List<String> invalid = new CopyOnWriteArrayList<>();

    private void start(MetricsConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        MetricsTopology.build(builder, TOPICS, config, new MetricsListener() {
            @Override
            public void unmatchedLabel(String imageId) {
                unmatched.add(imageId);
            }

            @Override
            public void invalidLabel(String key, String reason) {
                invalid.add(key + ": " + reason);
            }
        });
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put("processing.exception.handler.global.enabled", "true");
        driver = new TopologyTestDriver(builder.build(), props);
        predictions = driver.createInputTopic(TOPICS.predictions(), new StringSerializer(), ContractSerdes.prediction().serializer());
        labels = driver.createInputTopic(TOPICS.labels(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createInputTopic(TOPICS.deadLetters(), new StringSerializer(), ContractSerdes.deadLetter().serializer());
        snapshots = driver.createOutputTopic(TOPICS.metrics(), new StringDeserializer(), ContractSerdes.metricsSnapshot().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    // ---- input helpers: t in milliseconds of record time ----

    private void predict(String id, String source, int digit, Integer label, long t) {
        predictions.pipeInput(id, Prediction.newBuilder().setId(id).setSource(source).setDigit(digit).setConfidence(0.9f)
                .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("test")
                .setCaptureTime(Instant.ofEpochMilli(t)).setClassificationTime(Instant.ofEpochMilli(t + 7))
                .setLabel(label).build(), t);
    }

    private void label(String id, int label, long t) {
        LabelEvent event = LabelEvent.newBuilder().setId(id).setLabel(label).setTime(Instant.ofEpochMilli(t)).setSource("person").build();
        labels.pipeInput(id, ContractSerdes.labelEvent().serialize(TOPICS.labels(), event), t);
    }

    private void deadLetter(String id, long t) {
        deadLetters.pipeInput(id, DeadLetter.newBuilder().setImageId(id).setStage(FailureStage.DECODE).setReason("bad")
                .setTopic(TOPICS.images()).setPartition(0).setOffset(0).setTime(Instant.ofEpochMilli(t)).build(), t);
    }

    /** Moves stream time of the join (and the windows) to {@code t} with an inline-labeled prediction of another source. */
    private void tick(long t) {
        predict("tick-" + t, "clock", 0, 0, t);
    }

    // ---- store helpers ----

    private WindowCounts window(String source, long start) {
        WindowStore<String, ValueAndTimestamp<WindowCounts>> store = driver.getTimestampedWindowStore(MetricsStores.TIME_WINDOWS);
        ValueAndTimestamp<WindowCounts> window = store.fetch(source, start);
        return window == null ? null : window.value();
    }

    private long labeled(String source, long start) {
        WindowCounts counts = window(source, start);
        return counts == null ? 0 : counts.confusion().total();
    }

    private RollingCounts countWindow(String source) {
        KeyValueStore<String, ValueAndTimestamp<RollingCounts>> store = driver.getTimestampedKeyValueStore(MetricsStores.COUNT_WINDOWS);
        ValueAndTimestamp<RollingCounts> rolling = store.get(source);
        return rolling == null ? null : rolling.value();
    }

    private static ConfusionMatrix matrix(int[]... labelDigitPairs) {
        ConfusionMatrix m = new ConfusionMatrix();
        for (int[] pair : labelDigitPairs) {
            m.add(pair[0], pair[1]);
        }
        return m;
    }

    // ---- window boundaries ----

    @Test
    void aPredictionCountsInEveryHoppingWindowThatContainsItsTimestamp() {
        start(CONFIG);
        predict("a", "s1", 3, 3, 9_999);
        predict("b", "s1", 5, 6, 10_000);

        // [0,10s) holds a; [5s,15s) holds both; [10s,20s) holds b: start inclusive, end exclusive.
        assertThat(window("s1", 0).confusion().toArray()).isEqualTo(matrix(new int[] {3, 3}).toArray());
        assertThat(window("s1", 5_000).confusion().toArray()).isEqualTo(matrix(new int[] {3, 3}, new int[] {6, 5}).toArray());
        assertThat(window("s1", 10_000).confusion().toArray()).isEqualTo(matrix(new int[] {6, 5}).toArray());
        assertThat(window("s1", 15_000)).isNull();
        assertThat(window(ALL, 5_000).confusion().total()).isEqualTo(2);
        assertThat(window(ALL, 5_000).latencyMeanMillis()).isEqualTo(7.0);
    }

    @Test
    void sourcesAreCountedApartAndTogetherAndDeadLettersOnlyTogether() {
        start(CONFIG);
        predict("a", "s1", 1, 1, 1_000);
        predict("b", "s2", 2, 7, 2_000);
        predict("c", "s2", 4, 4, 3_000);
        deadLetter("d", 4_000);

        assertThat(window("s1", 0).confusion().total()).isEqualTo(1);
        assertThat(window("s2", 0).confusion().toArray()).isEqualTo(matrix(new int[] {7, 2}, new int[] {4, 4}).toArray());
        assertThat(window("s2", 0).deadLetters()).isZero();
        WindowCounts all = window(ALL, 0);
        assertThat(all.confusion().toArray()).isEqualTo(matrix(new int[] {1, 1}, new int[] {7, 2}, new int[] {4, 4}).toArray());
        assertThat(all.deadLetters()).isEqualTo(1);
    }

    // ---- the label join ----

    @Test
    void aLabelEventJoinsItsPredictionWhetherItComesBeforeOrAfter() {
        start(CONFIG);
        label("before", 8, 1_000);
        predict("before", "s1", 8, null, 3_000);
        predict("after", "s1", 2, null, 4_000);
        assertThat(labeled("s1", 0)).as("the second prediction still waits for its label").isEqualTo(1);
        label("after", 3, 9_000);

        assertThat(window("s1", 0).confusion().toArray()).isEqualTo(matrix(new int[] {8, 8}, new int[] {3, 2}).toArray());
        assertThat(window("s1", 5_000)).as("the label's time does not move the prediction to a later window").isNull();
        assertThat(unmatched).isEmpty();
    }

    @Test
    void aPredictionWhoseLabelNeverComesCountsAsUnlabeledOnceStreamTimePassesTheJoinWindow() {
        start(CONFIG);
        predict("lonely", "s1", 4, null, 1_000);
        tick(11_000);
        assertThat(window("s1", 0)).as("at 1 s + 10 s join window it may still come").isNull();

        tick(12_000);
        WindowCounts counts = window("s1", 0);
        assertThat(counts.unlabeled()).isEqualTo(1);
        assertThat(counts.confusion().total()).as("unlabeled is not an error").isZero();
        assertThat(window(ALL, 0).unlabeled()).isEqualTo(1);

        label("lonely", 4, 13_000);
        assertThat(window("s1", 0).confusion().total()).as("a label after the join window does not join").isZero();
    }

    @Test
    void aLabelWhosePredictionNeverComesIsReportedAndDropped() {
        start(CONFIG);
        label("ghost", 1, 1_000);
        tick(12_500);

        assertThat(unmatched).containsExactly("ghost");
        predict("ghost", "s1", 1, null, 20_000);
        tick(31_000);
        assertThat(window("s1", 15_000).unlabeled()).as("the old label is gone: the new prediction is unlabeled").isEqualTo(1);
    }

    @Test
    void aLabelTooFarFromItsPredictionDoesNotJoinEvenBeforeExpiry() {
        start(CONFIG);
        predict("p", "s1", 1, null, 1_000);
        label("p", 1, 11_001); // 10.001 s after: outside the join window, though the prediction has not expired yet

        assertThat(labeled("s1", 0)).isZero();
        assertThat(unmatched).containsExactly("p");
        tick(12_500);
        assertThat(window("s1", 0).unlabeled()).isEqualTo(1);
    }

    @Test
    void duplicatesOfPredictionsAndLabelsAreCountedOnce() {
        start(CONFIG);
        predict("inline", "s1", 1, 1, 1_000);
        predict("inline", "s1", 1, 1, 1_500);          // the image published twice
        label("inline", 7, 2_000);                     // a label event for an inline-labeled image: inline wins
        predict("separate", "s1", 2, null, 3_000);
        label("separate", 2, 3_500);
        label("separate", 5, 3_600);                   // a second, different label: the first wins
        predict("separate", "s1", 2, null, 3_700);
        label("first", 6, 4_000);
        label("first", 6, 4_100);
        predict("first", "s1", 6, null, 4_200);

        assertThat(window("s1", 0).confusion().toArray())
                .isEqualTo(matrix(new int[] {1, 1}, new int[] {2, 2}, new int[] {6, 6}).toArray());
        tick(20_000);
        assertThat(window("s1", 0).unlabeled()).as("no duplicate lingers to expire as unlabeled").isZero();
        assertThat(unmatched).isEmpty();
    }

    // ---- late and out-of-order outcomes against the windows' grace ----

    @Test
    void aLateLabelUpdatesItsPredictionsWindowWhileTheWindowIsInGrace() {
        start(CONFIG);
        predict("late", "s1", 9, null, 9_000);
        tick(18_000);                                  // [0,10s) has ended; it takes outcomes until 10 s + 15 s grace
        label("late", 4, 18_500);

        assertThat(window("s1", 0).confusion().count(4, 9)).isEqualTo(1);
        assertThat(window("s1", 5_000).confusion().count(4, 9)).isEqualTo(1);
    }

    @Test
    void anOutcomeLaterThanTheGracePeriodMissesTheClosedWindowsButCountsInTheCountWindow() {
        // Labels may come a minute late, but windows close 5 s after their end.
        start(new MetricsConfig(true, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMinutes(5), 3));
        predict("slow", "s1", 3, null, 1_000);
        tick(30_000);
        label("slow", 5, 31_000);

        assertThat(window("s1", 0)).as("[0,10s) closed at 15 s: the outcome is dropped from it").isNull();
        RollingCounts rolling = countWindow("s1");
        assertThat(rolling.confusion().count(5, 3)).as("the count window counts it as its label arrives").isEqualTo(1);
    }

    @Test
    void outOfOrderPredictionsLandInTheirOwnWindowsWithinGraceAndAreDroppedAfter() {
        start(CONFIG);
        predict("new", "s1", 1, 1, 20_000);
        predict("older", "s1", 2, 2, 3_000);           // 17 s behind stream time: [0,10s) closes at 25 s
        assertThat(labeled("s1", 0)).isEqualTo(1);

        predict("newer", "s1", 3, 3, 40_000);
        predict("too-old", "s1", 4, 4, 4_000);         // [0,10s) and [-5s...) closed; [5s,15s) closed at 30 s
        assertThat(window("s1", 0).confusion().count(4, 4)).isZero();
        assertThat(countWindow("s1").size()).as("the count window holds the last 3 labeled, in arrival order").isEqualTo(3);
        assertThat(countWindow("s1").confusion().count(4, 4)).isEqualTo(1);
        assertThat(countWindow("s1").confusion().count(1, 1)).as("the oldest left").isZero();
    }

    // ---- the count window and the snapshots ----

    @Test
    void theCountWindowHoldsTheLastNLabeledPredictionsOnly() {
        start(CONFIG);
        predict("u", "s1", 0, null, 500);
        for (int i = 0; i < 5; i++) {
            predict("p" + i, "s1", i, i == 4 ? 0 : i, 1_000 + i);
        }
        RollingCounts rolling = countWindow("s1");
        assertThat(rolling.size()).isEqualTo(3);
        assertThat(rolling.confusion().toArray()).isEqualTo(matrix(new int[] {2, 2}, new int[] {3, 3}, new int[] {0, 4}).toArray());
    }

    @Test
    void snapshotsOnTheMetricsTopicCarryTheMatrixAndTheMetricsDerivedFromIt() {
        start(CONFIG);
        predict("a", "s1", 1, 1, 1_000);
        predict("b", "s1", 2, 7, 2_000);
        predict("c", "s1", 7, 7, 3_000);
        deadLetter("x", 3_500);

        List<MetricsSnapshot> all = snapshots.readValuesToList();
        MetricsSnapshot time = last(all, "s1", WindowKind.TIME, 0L);
        ConfusionMatrix expected = matrix(new int[] {1, 1}, new int[] {7, 2}, new int[] {7, 7});
        ClassificationMetrics metrics = ClassificationMetrics.of(expected);
        assertThat(MetricsSnapshots.confusion(time).toArray()).isEqualTo(expected.toArray());
        assertThat(time.getLabeled()).isEqualTo(3);
        assertThat(time.getAccuracy()).isEqualTo(metrics.accuracy());
        assertThat(time.getMacroF1()).isEqualTo(metrics.macroF1());
        assertThat(time.getKappa()).isEqualTo(metrics.kappa());
        assertThat(time.getF1()).containsExactlyElementsOf(java.util.Arrays.stream(metrics.f1()).boxed().toList());
        assertThat(time.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(10_000));
        assertThat(time.getAsOf()).isEqualTo(Instant.ofEpochMilli(3_000));
        assertThat(last(all, ALL, WindowKind.TIME, 0L).getDeadLetters()).isEqualTo(1);

        MetricsSnapshot count = last(all, "s1", WindowKind.COUNT, null);
        assertThat(count.getWindowSize()).isEqualTo(3);
        assertThat(count.getWindowStart()).isNull();
        assertThat(MetricsSnapshots.confusion(count).toArray()).isEqualTo(expected.toArray());
    }

    @Test
    void recordsOnTheLabelsTopicThatAreNotLabelsAreSkipped() {
        start(CONFIG);
        labels.pipeInput("garbage", "not avro".getBytes(), 1_000);
        label("eleven", 11, 1_000);
        label("ok", 5, 1_000);
        predict("ok", "s1", 5, null, 2_000);

        assertThat(invalid).hasSize(2);
        assertThat(invalid.get(1)).contains("not a digit");
        assertThat(labeled("s1", 0)).isEqualTo(1);
    }

    /** The aggregation against a brute-force count of the same random stream, window by window. */
    @Test
    void everyWindowHoldsExactlyTheOutcomesOfItsInterval() {
        start(CONFIG);
        java.util.Random random = new java.util.Random(7);
        List<long[]> events = new ArrayList<>(); // time, source, label, digit
        long t = 0;
        for (int i = 0; i < 600; i++) {
            t += random.nextInt(200);
            int source = random.nextInt(3);
            int label = random.nextInt(10);
            int digit = random.nextDouble() < 0.8 ? label : random.nextInt(10);
            predict("i" + i, "s" + source, digit, label, t);
            events.add(new long[] {t, source, label, digit});
        }
        for (long start = 0; start <= t; start += 5_000) {
            for (int source = -1; source < 3; source++) {
                ConfusionMatrix expected = new ConfusionMatrix();
                for (long[] e : events) {
                    if (e[0] >= start && e[0] < start + 10_000 && (source < 0 || e[1] == source)) {
                        expected.add((int) e[2], (int) e[3]);
                    }
                }
                WindowCounts actual = window(source < 0 ? ALL : "s" + source, start);
                assertThat(actual == null ? new long[10][10] : actual.confusion().toArray())
                        .as("window at %d of source %d", start, source).isEqualTo(expected.toArray());
            }
        }
    }

    private static MetricsSnapshot last(List<MetricsSnapshot> all, String source, WindowKind kind, Long start) {
        MetricsSnapshot found = null;
        for (MetricsSnapshot s : all) {
            Long windowStart = s.getWindowStart() == null ? null : s.getWindowStart().toEpochMilli();
            if (s.getSource().equals(source) && s.getWindow() == kind && java.util.Objects.equals(windowStart, start)) {
                found = s;
            }
        }
        assertThat(found).as("a %s snapshot of %s", kind, source).isNotNull();
        return found;
    }
}
