package io.digitstream.classifier.metrics;

import io.digitstream.schemas.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries of this instance's metrics windows: only the sources whose windows this instance hosts
 * (active tasks). Which instance hosts a source is Kafka Streams' metadata to tell; see the HTTP side for routing.
 *
 * @throws org.apache.kafka.streams.errors.InvalidStateStoreException from every method while the stores are not
 *         queryable (starting, rebalancing, migrated)
 */
public final class LocalMetricsStores {

    private final KafkaStreams streams;
    private final Duration windowSize;
    private final DriftScoring drift;

    public LocalMetricsStores(KafkaStreams streams, Duration windowSize) {
        this(streams, windowSize, DriftScoring.NONE);
    }

    public LocalMetricsStores(KafkaStreams streams, Duration windowSize, DriftScoring drift) {
        this.streams = streams;
        this.windowSize = windowSize;
        this.drift = drift;
    }

    /** The time windows of a source that start within [from, to], oldest first. */
    public List<MetricsSnapshot> timeWindows(String source, Instant from, Instant to) {
        List<MetricsSnapshot> windows = new ArrayList<>();
        try (WindowStoreIterator<ValueAndTimestamp<WindowCounts>> iterator = timeStore().fetch(source, from, to)) {
            while (iterator.hasNext()) {
                KeyValue<Long, ValueAndTimestamp<WindowCounts>> window = iterator.next();
                windows.add(MetricsSnapshots.timeWindow(source, window.key, windowSize, window.value.value(),
                        window.value.timestamp(), drift));
            }
        }
        return windows;
    }

    public List<MetricsSnapshot> timeWindows(String source) {
        return timeWindows(source, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2));
    }

    public Optional<MetricsSnapshot> countWindow(String source) {
        ValueAndTimestamp<RollingCounts> rolling = countStore().get(source);
        if (rolling == null || rolling.value().size() == 0) {
            return Optional.empty();
        }
        return Optional.of(MetricsSnapshots.countWindow(source, rolling.value(), rolling.timestamp()));
    }

    /** The sources hosted here, {@code "*"} among them if this instance hosts the all-sources windows. */
    public SortedSet<String> sources() {
        SortedSet<String> sources = new TreeSet<>();
        try (KeyValueIterator<String, ValueAndTimestamp<RollingCounts>> all = countStore().all()) {
            all.forEachRemaining(entry -> sources.add(entry.key));
        }
        return sources;
    }

    private ReadOnlyWindowStore<String, ValueAndTimestamp<WindowCounts>> timeStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(MetricsStores.TIME_WINDOWS,
                QueryableStoreTypes.timestampedWindowStore()));
    }

    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<RollingCounts>> countStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(MetricsStores.COUNT_WINDOWS,
                QueryableStoreTypes.timestampedKeyValueStore()));
    }
}
