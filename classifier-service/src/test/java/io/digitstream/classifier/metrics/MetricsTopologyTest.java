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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

    /** The service's clock and the driver's wall clock: record times of the tests are well before it. */
    static final Instant NOW = Instant.ofEpochMilli(1_000_000);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> predictions;
    private TestInputTopic<String, byte[]> labels;
    private TestInputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, MetricsSnapshot> snapshots;
    private final List<String> unmatched = new CopyOnWriteArrayList<>();
    private final List<String> invalid = new CopyOnWriteArrayList<>();
    private final List<Observation> observed = new CopyOnWriteArrayList<>();

    private void start(MetricsConfig config) {
        start(config, new Properties());
    }

    private void start(MetricsConfig config, Properties extra) {
        StreamsBuilder builder = new StreamsBuilder();
        MetricsTopology.build(builder, TOPICS, config, new MetricsListener() {
            @Override
            public void unmatchedLabel(String imageId) {
                unmatched.add(imageId);
            }

            @Override
            public void invalidRecord(String topic, String key, String reason) {
                invalid.add(topic + " " + key + ": " + reason);
            }

            @Override
            public void observed(String imageId, Observation observation) {
                observed.add(observation);
            }
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put("processing.exception.handler.global.enabled", "true");
        props.putAll(extra);
        driver = new TopologyTestDriver(builder.build(), props, NOW);
        predictions = driver.createInputTopic(TOPICS.predictions(), new StringSerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic(TOPICS.labels(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createInputTopic(TOPICS.deadLetters(), new StringSerializer(), new ByteArraySerializer());
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
        predictions.pipeInput(id, predictionBytes(id, source, digit, label, t), t);
    }

    private static byte[] predictionBytes(String id, String source, int digit, Integer label, long t) {
        return ContractSerdes.prediction().serialize(TOPICS.predictions(), Prediction.newBuilder().setId(id).setSource(source)
                .setDigit(digit).setConfidence(0.9f).setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("test")
                .setCaptureTime(Instant.ofEpochMilli(t)).setClassificationTime(Instant.ofEpochMilli(t + 7))
                .setLabel(label).build());
    }

    private void label(String id, int label, long t) {
        labels.pipeInput(id, labelBytes(id, label, t), t);
    }

    private static byte[] labelBytes(String id, int label, long t) {
        LabelEvent event = LabelEvent.newBuilder().setId(id).setLabel(label).setTime(Instant.ofEpochMilli(Math.max(0, t)))
                .setSource("person").build();
        return ContractSerdes.labelEvent().serialize(TOPICS.labels(), event);
    }

    private void deadLetter(String id, long t) {
        deadLetters.pipeInput(id, deadLetterBytes(id, t), t);
    }

    private static byte[] deadLetterBytes(String id, long t) {
        return ContractSerdes.deadLetter().serialize(TOPICS.deadLetters(), DeadLetter.newBuilder().setImageId(id)
                .setStage(FailureStage.DECODE).setReason("bad").setTopic(TOPICS.images()).setPartition(0).setOffset(0)
                .setTime(Instant.ofEpochMilli(t)).build());
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
        assertThat(invalid.get(0)).startsWith(TOPICS.labels() + " garbage: not a record of this topic's schema");
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

    // ---- hostile and mistaken records (issue 14) ----

    /** A source over 65,535 bytes broke DataOutputStream.writeUTF in the join state and the repartitioned outcomes. */
    @Test
    void aSourceOrIdLongerThanWriteUtfAllowsIsShortenedAndStillJoins() {
        start(CONFIG);
        String hugeSource = "s".repeat(70_000);
        String hugeId = "i".repeat(600_000);
        predict("waits", hugeSource, 3, null, 1_000);           // the join state holds the source
        label("waits", 3, 1_500);
        predict("inline", hugeSource, 4, 4, 2_000);             // the outcome goes through the repartition topics
        predict(hugeId, "s1", 5, null, 2_500);                  // a 600 KB id: key of the join and expiry stores
        label(hugeId, 5, 3_000);

        String kept = MetricsText.source(hugeSource);
        assertThat(kept).hasSize(MetricsText.MAX_SOURCE_CHARS).startsWith("sss").contains("~");
        assertThat(window(kept, 0).confusion().toArray()).isEqualTo(matrix(new int[] {3, 3}, new int[] {4, 4}).toArray());
        assertThat(labeled("s1", 0)).as("the long id joined its label").isEqualTo(1);
        assertThat(invalid).isEmpty();
    }

    @Test
    void sourcesAreKeptAsTheyAreUpToTheLimitAndShortenedButDistinctBeyond() {
        start(CONFIG);
        int max = MetricsText.MAX_SOURCE_CHARS;
        String below = "b".repeat(max - 1);
        String at = "a".repeat(max);
        String over = "o".repeat(max) + "1";
        String overToo = "o".repeat(max) + "2";
        predict("1", below, 1, 1, 1_000);
        predict("2", at, 1, 1, 1_000);
        predict("3", over, 1, 1, 1_000);
        predict("4", overToo, 1, 1, 1_000);

        assertThat(labeled(below, 0)).isEqualTo(1);
        assertThat(labeled(at, 0)).isEqualTo(1);
        assertThat(labeled(over, 0)).as("not kept whole").isZero();
        assertThat(MetricsText.source(over)).hasSize(max).isNotEqualTo(MetricsText.source(overToo));
        assertThat(labeled(MetricsText.source(over), 0)).isEqualTo(1);
        assertThat(labeled(MetricsText.source(overToo), 0)).isEqualTo(1);
    }

    @Test
    void idsUpToTheLimitAndBeyondJoinTheirLabels() {
        start(CONFIG);
        int max = MetricsText.MAX_ID_CHARS;
        for (int length : new int[] {max - 1, max, max + 1}) {
            String id = "x".repeat(length - 1) + "y";
            predict(id, "s1", 2, null, 1_000);
            label(id, 2, 1_100);
        }
        assertThat(labeled("s1", 0)).isEqualTo(3);
        assertThat(MetricsText.id("x".repeat(max) + "y")).hasSize(max);
        tick(20_000);
        assertThat(window("s1", 0).unlabeled()).isZero();
    }

    /** Each of these stopped the metrics sub-topology (and the classification sharing its thread) for good. */
    @Test
    void recordsThatDoNotBelongOnTheTopicsTheMetricsReadAreSkippedAndCounted() {
        start(CONFIG);
        byte[] aLabel = labelBytes("x", 1, 1_000);
        byte[] aPrediction = predictionBytes("x", "s1", 1, 1, 1_000);
        predictions.pipeInput("label-on-predictions", aLabel, 1_000);
        predictions.pipeInput("garbage", "not avro".getBytes(), 1_000);
        predictions.pipeInput("tombstone", null, 1_000);
        predictions.pipeInput(null, aPrediction, 1_000);
        predictions.pipeInput("label-12", predictionBytes("label-12", "s1", 1, 12, 1_000), 1_000);
        deadLetters.pipeInput("prediction-on-dead-letters", aPrediction, 1_000);
        deadLetters.pipeInput("garbage", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}, 1_000);
        deadLetters.pipeInput("tombstone", null, 1_000);
        labels.pipeInput("prediction-on-labels", aPrediction, 1_000);
        labels.pipeInput("label-12", labelBytes("label-12", 12, 1_000), 1_000);
        labels.pipeInput("tombstone", null, 1_000);

        predict("good", "s1", 7, null, 2_000);
        label("good", 7, 2_100);
        deadLetter("dead", 2_200);

        assertThat(invalid).hasSize(11);
        assertThat(invalid.stream().filter(i -> i.startsWith(TOPICS.predictions() + " "))).hasSize(5);
        assertThat(invalid.stream().filter(i -> i.startsWith(TOPICS.deadLetters() + " "))).hasSize(3);
        assertThat(invalid.stream().filter(i -> i.startsWith(TOPICS.labels() + " "))).hasSize(3);
        assertThat(invalid).anyMatch(i -> i.contains("tombstone")).anyMatch(i -> i.contains("no key"))
                .anyMatch(i -> i.contains("label 12 is not a digit"));
        WindowCounts all = window(ALL, 0);
        assertThat(all.confusion().toArray()).as("only the good prediction").isEqualTo(matrix(new int[] {7, 7}).toArray());
        assertThat(all.deadLetters()).as("only the good dead letter").isEqualTo(1);
        assertThat(all.unlabeled()).isZero();
    }

    /** A producer's classification time a year late must not overflow the latency sums. */
    @Test
    void latencyCountsAtMostOneDay() {
        start(CONFIG);
        long day = LabelJoinProcessor.MAX_LATENCY_MILLIS;
        long[] latencies = {day - 1, day, day + 1, Long.MAX_VALUE / 2};
        for (int i = 0; i < latencies.length; i++) {
            Prediction p = Prediction.newBuilder().setId("l" + i).setSource("s" + i).setDigit(1).setConfidence(0.9f)
                    .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("test").setCaptureTime(Instant.EPOCH)
                    .setClassificationTime(Instant.ofEpochMilli(1_000 + Math.min(latencies[i], Long.MAX_VALUE / 4)))
                    .setLabel(1).build();
            predictions.pipeInput("l" + i, ContractSerdes.prediction().serialize(TOPICS.predictions(), p), 1_000);
        }
        assertThat(window("s0", 0).latencyMaxMillis()).isEqualTo(day - 1);
        assertThat(window("s1", 0).latencyMaxMillis()).isEqualTo(day);
        assertThat(window("s2", 0).latencyMaxMillis()).isEqualTo(day);
        assertThat(window("s3", 0).latencyMaxMillis()).isEqualTo(day);
        assertThat(window(ALL, 0).latencyMeanMillis()).isEqualTo((4.0 * day - 1) / 4);
    }

    /** A prediction whose digit is 12 passes Avro (an int) but would index past the confusion matrix. */
    @Test
    void aPredictedDigitOutsideZeroToNineIsSkipped() {
        start(CONFIG);
        Prediction p = Prediction.newBuilder().setId("d").setSource("s1").setDigit(12).setConfidence(0.9f)
                .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("test").setCaptureTime(Instant.EPOCH)
                .setClassificationTime(Instant.EPOCH).setLabel(null).build();
        predictions.pipeInput("d", ContractSerdes.prediction().serialize(TOPICS.predictions(), p), 1_000);
        predict("ok", "s1", 1, 1, 1_100);
        assertThat(invalid).singleElement().asString().contains("digit 12");
        assertThat(labeled("s1", 0)).isEqualTo(1);
    }

    /** One record dated in the future moved stream time ahead: waiting predictions expired, current windows closed. */
    @Test
    void aRecordDatedInTheFutureDoesNotExpireTheJoinOrCloseTheWindows() {
        start(CONFIG);
        long now = NOW.toEpochMilli();
        predict("waiting", "s1", 3, null, now - 2_000);
        predict("future", "s2", 1, 1, now + Duration.ofDays(1).toMillis());
        label("waiting", 3, now - 1_000);
        predict("late-but-in-grace", "s1", 4, 4, now - 3_000);

        long windowStart = (now - 3_000) / 5_000 * 5_000;
        assertThat(window("s1", windowStart).confusion().toArray()).as("joined, and the window still open")
                .isEqualTo(matrix(new int[] {3, 3}, new int[] {4, 4}).toArray());
        assertThat(unmatched).isEmpty();
        assertThat(labeled("s2", (now + MetricsTimestamps.FUTURE_TOLERANCE.toMillis()) / 5_000 * 5_000))
                .as("the future record counts, at now + the tolerance").isEqualTo(1);
    }

    /** Negative timestamps cannot be piped here; MetricsTimestampsTest covers them. */
    @Test
    void theMetricsReadTheirTopicsWithTheirOwnTimestampExtractorWhateverTheApplicationsDefault() {
        Properties extractor = new Properties();
        extractor.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG,
                org.apache.kafka.streams.processor.WallclockTimestampExtractor.class.getName());
        start(CONFIG, extractor);
        predict("p", "s1", 6, null, 4_000);
        label("p", 6, 4_500);
        assertThat(labeled("s1", 0)).as("counted at its record time, not at the wall clock").isEqualTo(1);
    }

    // ---- bounded sources ----

    private static MetricsConfig withMaxSources(int maxSources) {
        return new MetricsConfig(true, CONFIG.joinWindow(), CONFIG.windowSize(), CONFIG.windowAdvance(), CONFIG.windowGrace(),
                CONFIG.windowRetention(), CONFIG.rollingCount(), maxSources);
    }

    @Test
    void sourcesBeyondTheCapAreCountedTogetherUnderOther() {
        for (int sources : new int[] {2, 3, 4}) { // the cap - 1, the cap, the cap + 1
            observed.clear();
            start(withMaxSources(3));
            for (int i = 0; i < sources; i++) {
                predict("a" + i, "constructor".substring(0, 5 + i), 1, 1, 1_000 + i);
                predict("b" + i, "constructor".substring(0, 5 + i), 2, 2, 2_000 + i);
            }
            for (int i = 0; i < Math.min(sources, 3); i++) {
                assertThat(labeled("constructor".substring(0, 5 + i), 0)).as("%d sources: source %d", sources, i).isEqualTo(2);
            }
            assertThat(labeled(Observation.OTHER_SOURCES, 0)).as("%d sources", sources).isEqualTo(sources > 3 ? 2 : 0);
            assertThat(labeled(ALL, 0)).isEqualTo(2L * sources);
            driver.close();
            driver = null;
        }
    }

    /** A producer inventing a source per image: the state, and so /metrics and the dashboard, stay at the cap. */
    @Test
    void twoThousandInventedSourcesLeaveTheCapPlusOtherAndAll() {
        start(CONFIG); // the default cap, 256
        for (int i = 0; i < 2_000; i++) {
            predict("i" + i, "invented-" + i, i % 10, i % 10, 1_000 + i);
        }
        KeyValueStore<String, ValueAndTimestamp<RollingCounts>> counts = driver.getTimestampedKeyValueStore(MetricsStores.COUNT_WINDOWS);
        List<String> sources = new ArrayList<>();
        counts.all().forEachRemaining(entry -> sources.add(entry.key));
        assertThat(sources).hasSize(MetricsConfig.DEFAULT.maxSources() + 2).contains(ALL, Observation.OTHER_SOURCES,
                "invented-0", "invented-255").doesNotContain("invented-256");
        assertThat(labeled(Observation.OTHER_SOURCES, 0)).isEqualTo(2_000 - 256);
        assertThat(labeled(ALL, 0)).isEqualTo(2_000);
    }

    @Test
    void aTrackedSourceUnseenForTheRetentionFreesItsPlace() {
        start(withMaxSources(2));
        predict("1", "__proto__", 1, 1, 1_000);
        predict("2", "toString", 1, 1, 1_000);
        predict("3", "late", 1, 1, 2_000);
        assertThat(labeled("late", 0)).isZero();
        long afterRetention = 1_000 + CONFIG.windowRetention().toMillis() + SourceAdmission.LAST_SEEN_STEP_MILLIS + 1;
        predict("4", "toString", 1, 1, afterRetention - 1_000);  // toString stays busy; __proto__ goes idle
        predict("5", "late", 1, 1, afterRetention);
        long start = afterRetention / 5_000 * 5_000;
        assertThat(labeled("late", start)).as("__proto__'s place").isEqualTo(1);
        assertThat(labeled(Observation.OTHER_SOURCES, start)).isZero();
    }

    // ---- the join on a quiet stream: wall-clock time ----

    /**
     * The last record came {@code arrivedAfter} ms after the driver started; wall-clock expiry is looked for every
     * second, at {@code checkAt} ms: the prediction's join window of 10 s has then passed by {@code checkAt -
     * arrivedAfter - 10 s} of wall-clock time.
     */
    private boolean expiredOnAQuietStream(long arrivedAfter, long checkAt) {
        observed.clear();
        start(CONFIG);
        driver.advanceWallClockTime(Duration.ofMillis(arrivedAfter));
        predict("quiet", "s1", 4, null, 50_000);
        driver.advanceWallClockTime(Duration.ofMillis(checkAt - arrivedAfter));
        boolean expired = window("s1", 45_000) != null && window("s1", 45_000).unlabeled() == 1;
        driver.close();
        driver = null;
        return expired;
    }

    @Test
    void onAQuietStreamAPredictionBecomesUnlabeledOneJoinWindowOfWallClockTimeAfterTheLastRecord() {
        assertThat(expiredOnAQuietStream(1, 10_000)).as("join window - 1 ms").isFalse();
        assertThat(expiredOnAQuietStream(0, 10_000)).as("join window").isFalse();
        assertThat(expiredOnAQuietStream(999, 11_000)).as("join window + 1 ms").isTrue();
    }

    @Test
    void aLabelWithinTheJoinWindowOfWallClockTimeStillJoinsAfterAPause() {
        start(CONFIG);
        predict("paused", "s1", 4, null, 50_000);
        driver.advanceWallClockTime(Duration.ofSeconds(9));
        label("paused", 4, 50_000);
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(window("s1", 45_000).confusion().count(4, 4)).isEqualTo(1);
        assertThat(window("s1", 45_000).unlabeled()).isZero();
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
