package io.digitstream.classifier.metrics;

import io.digitstream.config.Topics;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
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
import org.apache.kafka.streams.kstream.ValueMapperWithKey;
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
 * windows are then re-keyed by source through a repartition topic. All stores are in memory, backed by changelog
 * topics: metrics state is small and is restored quickly.
 */
public final class MetricsTopology {

    private MetricsTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, MetricsConfig config, MetricsListener listener) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MetricsStores.JOIN),
                Serdes.String(), JoinState.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MetricsStores.JOIN_EXPIRY),
                Serdes.String(), Serdes.String()));

        KStream<String, JoinInput> predictions = builder
                .stream(topics.predictions(), Consumed.with(Serdes.String(), ContractSerdes.prediction()).withName("metrics-predictions"))
                .filter((id, p) -> id != null && p != null, Named.as("metrics-valid-predictions"))
                .mapValues(JoinInput.Predicted::new, Named.as("metrics-prediction-side"));
        KStream<String, JoinInput> labels = builder
                .stream(topics.labels(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("metrics-labels"))
                .flatMapValues(new LabelDecoder(topics.labels(), listener), Named.as("metrics-decode-labels"))
                .mapValues(JoinInput.Labeled::new, Named.as("metrics-label-side"));
        KStream<String, Observation> outcomes = predictions
                .merge(labels, Named.as("metrics-join-inputs"))
                .process(() -> new LabelJoinProcessor(config.joinWindow(), listener), Named.as("metrics-label-join"),
                        MetricsStores.JOIN, MetricsStores.JOIN_EXPIRY);
        KStream<String, Observation> deadLetters = builder
                .stream(topics.deadLetters(), Consumed.with(Serdes.String(), ContractSerdes.deadLetter()).withName("metrics-dead-letters"))
                .filter((key, d) -> d != null, Named.as("metrics-valid-dead-letters"))
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
                        MetricsSnapshots.timeWindow(source, update.start(), config.windowSize(), update.counts(), asOf)),
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

    /** Labels come from anyone: a record that is not a label is skipped and reported, not fatal to the stream. */
    private record LabelDecoder(String topic, MetricsListener listener)
            implements ValueMapperWithKey<String, byte[], Iterable<LabelEvent>> {

        private static final SingleObjectSerde<LabelEvent> LABELS = ContractSerdes.labelEvent();

        @Override
        public Iterable<LabelEvent> apply(String id, byte[] bytes) {
            if (id == null || bytes == null) {
                listener.invalidLabel(id, "no key or no value");
                return List.of();
            }
            try {
                LabelEvent event = LABELS.deserialize(topic, bytes);
                if (event.getLabel() < 0 || event.getLabel() > 9) {
                    listener.invalidLabel(id, "label " + event.getLabel() + " is not a digit 0..9");
                    return List.of();
                }
                return List.of(event);
            } catch (SerializationException e) {
                listener.invalidLabel(id, e.getMessage());
                return List.of();
            }
        }
    }
}
