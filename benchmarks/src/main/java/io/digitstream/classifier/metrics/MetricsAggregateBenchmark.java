package io.digitstream.classifier.metrics;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One update of each live-metrics aggregate as Kafka Streams makes it: its record cache keeps values serialized, so
 * each record deserializes the stored value, adds the observation and serializes the result. Plus the round trips of
 * the values that cross the metrics' repartition topics ({@link Observation}) and the label join's store
 * ({@link JoinState}). Score: ns per update. In this package for the package-private serdes.
 *
 * <p>{@code shape} of the time window: {@code labeled} (confusion matrix only), {@code scored} (plus the drift
 * histograms of two model versions, {@link DriftCounts}), {@code compared} (plus a champion/challenger pair). The
 * count window holds only (label, digit) pairs, so its three scores are repeats of one measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class MetricsAggregateBenchmark {

    private static final String TOPIC = "metrics-by-source";

    @Param({"labeled", "scored", "compared"})
    String shape;

    private byte[] rolling;
    private byte[] window;
    private Observation[] observations;
    private byte[] observation;
    private byte[] joinState;
    private int next;

    @Setup
    public void setUp() {
        ModelPair pair = shape.equals("compared") ? new ModelPair("champion-1", "challenger-2", 7, 1) : null;
        boolean scored = !shape.equals("labeled");
        observations = new Observation[1024];
        for (int i = 0; i < observations.length; i++) {
            int label = i % 10;
            int digit = i % 7 == 0 ? (i + 3) % 10 : label;
            String version = i % 5 == 0 ? "model-b" : "model-a";
            observations[i] = scored
                    ? Observation.labeled("scanner-7", label, digit, 20 + i % 50, 0.9f + (i % 10) / 100f, version, pair)
                    : Observation.labeled("scanner-7", label, digit, 20 + i % 50);
        }
        RollingCounts full = new RollingCounts(1000);
        WindowCounts counts = new WindowCounts();
        for (int i = 0; i < 1500; i++) {
            Observation o = observations[i % observations.length];
            full.add(o.label(), o.digit());
            counts.add(o);
        }
        rolling = RollingCounts.SERDE.serialize(TOPIC, full);
        window = WindowCounts.SERDE.serialize(TOPIC, counts);
        observation = Observation.SERDE.serialize(TOPIC, observations[1]);
        joinState = JoinState.SERDE.serialize(TOPIC,
                JoinState.awaitingLabel(1, 2, "scanner-7", 4, 30, 0.97f, "model-a", pair));
    }

    private Observation nextObservation() {
        next = (next + 1) & (observations.length - 1);
        return observations[next];
    }

    /** The count window of 1,000 labeled predictions, full: the oldest leaves as each one enters. */
    @Benchmark
    public byte[] rollingCountsUpdate() {
        Observation o = nextObservation();
        RollingCounts r = RollingCounts.SERDE.deserialize(TOPIC, rolling);
        rolling = RollingCounts.SERDE.serialize(TOPIC, r.withCapacity(1000).add(o.label(), o.digit()));
        return rolling;
    }

    /** One hopping time window's counts (each record updates every window it falls in, for its source and for all). */
    @Benchmark
    public byte[] windowCountsUpdate() {
        WindowCounts c = WindowCounts.SERDE.deserialize(TOPIC, window);
        window = WindowCounts.SERDE.serialize(TOPIC, c.add(nextObservation()));
        return window;
    }

    @Benchmark
    public Observation observationRoundTrip() {
        return Observation.SERDE.deserialize(TOPIC, Observation.SERDE.serialize(TOPIC, nextObservation()));
    }

    @Benchmark
    public byte[] joinStateRoundTrip() {
        return JoinState.SERDE.serialize(TOPIC, JoinState.SERDE.deserialize(TOPIC, joinState));
    }
}
