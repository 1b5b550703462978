package io.digitstream.classifier.metrics;

import io.digitstream.config.Topics;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;

/**
 * predictions + labels → label join → per source and for all sources ({@code "*"}): hopping time windows and a
 * count-based rolling window of the confusion matrix → {@link MetricsSnapshot}s on the metrics topic. Dead
 * letters are counted in the time windows of all sources.
 *
 * <p>The join reads the predictions and labels topics in one sub-topology, keyed by image id: they must have the
 * same number of partitions and the same partitioner ({@link CoPartitioning} checks the first at start). The
 * outcomes then pass one task that decides which sources are tracked apart ({@link SourceAdmission}, through a
 * single-partition repartition topic), and are re-keyed by source through another repartition topic for the
 * windows. All stores are in memory, backed by changelog topics: metrics state is small and bounded (ids and
 * sources shortened by {@link MetricsText}, at most {@link MetricsConfig#maxSources} sources) and restored quickly.
 */
public final class MetricsTopology {

    private MetricsTopology() {
    }

    /** Without drift references: time windows report drift as {@code NO_REFERENCE}. */
    public static void build(StreamsBuilder builder, Topics topics, MetricsConfig config, MetricsListener listener) {
        build(builder, topics, config, listener, DriftScoring.NONE, Clock.systemUTC());
    }

    /** @param drift scores the time windows' predictions against the models' references */
    public static void build(StreamsBuilder builder, Topics topics, MetricsConfig config, MetricsListener listener,
            DriftScoring drift) {
        build(builder, topics, config, listener, drift, Clock.systemUTC());
    }

    /** @param clock the clock record times are checked against ({@link MetricsTimestamps}) */
    static void build(StreamsBuilder builder, Topics topics, MetricsConfig config, MetricsListener listener, Clock clock) {
        build(builder, topics, config, listener, DriftScoring.NONE, clock);
    }

    static void build(StreamsBuilder builder, Topics topics, MetricsConfig config, MetricsListener listener,
            DriftScoring drift, Clock clock) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MetricsStores.JOIN),
                Serdes.String(), JoinState.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MetricsStores.JOIN_EXPIRY),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MetricsStores.SOURCES),
                Serdes.String(), Serdes.Long()));

        // Every topic is read as bytes and checked (MetricsInputs): a record that does not belong never stops the task.
        KStream<String, JoinInput> predictions = builder
                .stream(topics.predictions(), consumed("metrics-predictions", clock))
                .flatMapValues(MetricsInputs.predictions(topics.predictions(), listener), Named.as("metrics-decode-predictions"))
                .mapValues(JoinInput.Predicted::new, Named.as("metrics-prediction-side"));
        KStream<String, JoinInput> labels = builder
                .stream(topics.labels(), consumed("metrics-labels", clock))
                .flatMapValues(MetricsInputs.labels(topics.labels(), listener), Named.as("metrics-decode-labels"))
                .mapValues(JoinInput.Labeled::new, Named.as("metrics-label-side"));
        KStream<String, Observation> outcomes = predictions
                .merge(labels, Named.as("metrics-join-inputs"))
                .process(() -> new LabelJoinProcessor(config.joinWindow(), listener), Named.as("metrics-label-join"),
                        MetricsStores.JOIN, MetricsStores.JOIN_EXPIRY)
                // One task decides which sources are tracked apart: its topic has a single partition.
                .selectKey((id, o) -> o.source(), Named.as("metrics-key-by-source-for-admission"))
                .repartition(Repartitioned.<String, Observation>as("metrics-source-admission")
                        .withKeySerde(Serdes.String()).withValueSerde(Observation.SERDE).withNumberOfPartitions(1))
                .processValues(() -> new SourceAdmission(config.maxSources(), config.windowRetention()),
                        Named.as("metrics-admit-sources"), MetricsStores.SOURCES);
        KStream<String, Observation> deadLetters = builder
                .stream(topics.deadLetters(), consumed("metrics-dead-letters", clock))
                .flatMapValues(MetricsInputs.deadLetters(topics.deadLetters(), listener), Named.as("metrics-decode-dead-letters"))
                .peek((key, d) -> listener.deadLetter(d), Named.as("metrics-observe-dead-letters"))
                .mapValues(d -> Observation.deadLetter(), Named.as("metrics-dead-letter-observation"));

        KGroupedStream<String, Observation> bySource = outcomes
                .merge(deadLetters, Named.as("metrics-observations"))
                .flatMap((id, o) -> bySourceAndAll(o), Named.as("metrics-key-by-source"))
                .groupByKey(Grouped.with("metrics-by-source", Serdes.String(), Observation.SERDE));

        SingleObjectSerde<MetricsSnapshot> snapshots = ContractSerdes.metricsSnapshot();
        bySource.windowedBy(config.timeWindows())
                .aggregate(WindowCounts::new, (source, o, counts) -> counts.add(o), Named.as("metrics-time-window-counts"),
                        Materialized.<String, WindowCounts>as(Stores.inMemoryWindowStore(MetricsStores.TIME_WINDOWS,
                                        config.windowRetention(), config.windowSize(), false))
                                .withKeySerde(Serdes.String()).withValueSerde(WindowCounts.SERDE))
                .toStream(Named.as("metrics-time-window-updates"))
                .map((window, counts) -> KeyValue.pair(window.key(), new WindowUpdate(window.window().start(), counts)),
                        Named.as("metrics-time-window-key"))
                .processValues(() -> new Snapshot<WindowUpdate>((source, update, asOf) ->
                        MetricsSnapshots.timeWindow(source, update.start(), config.windowSize(), update.counts(), asOf, drift)),
                        Named.as("metrics-time-window-snapshot"))
                .to(topics.metrics(), Produced.with(Serdes.String(), snapshots).withName("metrics-time-window-snapshots"));

        int capacity = config.rollingCount();
        bySource.aggregate(() -> new RollingCounts(capacity),
                        (source, o, rolling) -> o.isLabeled() ? rolling.withCapacity(capacity).add(o.label(), o.digit()) : rolling,
                        Named.as("metrics-count-window-counts"),
                        Materialized.<String, RollingCounts>as(
                                        Stores.inMemoryKeyValueStore(MetricsStores.COUNT_WINDOWS))
                                .withKeySerde(Serdes.String()).withValueSerde(RollingCounts.SERDE))
                .toStream(Named.as("metrics-count-window-updates"))
                .filter((source, rolling) -> rolling != null && rolling.size() > 0, Named.as("metrics-count-window-nonempty"))
                .processValues(() -> new Snapshot<RollingCounts>(MetricsSnapshots::countWindow),
                        Named.as("metrics-count-window-snapshot"))
                .to(topics.metrics(), Produced.with(Serdes.String(), snapshots).withName("metrics-count-window-snapshots"));
    }

    /** Each outcome counts for its source and for all sources; a dead letter only for all. */
    static List<KeyValue<String, Observation>> bySourceAndAll(Observation o) {
        if (o.kind() == Observation.Kind.DEAD_LETTER || o.source().equals(Observation.ALL_SOURCES)) {
            return List.of(KeyValue.pair(Observation.ALL_SOURCES, o));
        }
        return List.of(KeyValue.pair(o.source(), o), KeyValue.pair(Observation.ALL_SOURCES, o));
    }

    private static Consumed<String, byte[]> consumed(String name, Clock clock) {
        return Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name)
                .withTimestampExtractor(new MetricsTimestamps(clock));
    }

    private record WindowUpdate(long start, WindowCounts counts) {
    }

    /** Turns an aggregate update into a snapshot stamped with the update's record time. */
    private static final class Snapshot<V> implements FixedKeyProcessor<String, V, MetricsSnapshot> {

        interface Maker<V> {
            MetricsSnapshot make(String source, V value, long asOf);
        }

        private final Maker<V> maker;
        private FixedKeyProcessorContext<String, MetricsSnapshot> context;

        Snapshot(Maker<V> maker) {
            this.maker = maker;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, MetricsSnapshot> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            context.forward(record.withValue(maker.make(record.key(), record.value(), record.timestamp())));
        }
    }
}
