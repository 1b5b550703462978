package io.digitstream.classifier.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides which sources the windows track apart, so that a producer inventing sources cannot make the metrics
 * state, {@code /metrics} and the dashboard grow without bound: the first {@code maxSources} sources seen are
 * tracked; an outcome of any other source is counted under {@link Observation#OTHER_SOURCES}. A tracked source
 * unseen (in record time) for the window retention, whose windows are gone, frees its place.
 *
 * <p>It runs in one task (its input topic has a single partition), so the cap holds for the whole application,
 * and a source is either tracked or not, never tracked in some partitions only.
 */
final class SourceAdmission implements FixedKeyProcessor<String, Observation, Observation> {

    /** Last seen times are stored again only when they move by this much: not one store write per outcome. */
    static final long LAST_SEEN_STEP_MILLIS = Duration.ofMinutes(1).toMillis();

    private final int maxSources;
    private final long idleMillis;
    private FixedKeyProcessorContext<String, Observation> context;
    /** Tracked source → when last seen (record time). */
    private KeyValueStore<String, Long> tracked;
    private long count;
    /** No tracked source was seen before this (as of the last scan): until the cutoff passes it, none is idle. */
    private long oldestLastSeen = Long.MIN_VALUE;

    SourceAdmission(int maxSources, Duration idle) {
        this.maxSources = maxSources;
        this.idleMillis = idle.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Observation> context) {
        this.context = context;
        this.tracked = context.getStateStore(MetricsStores.SOURCES);
        this.count = tracked.approximateNumEntries(); // exact for an in-memory store
    }

    @Override
    public void process(FixedKeyRecord<String, Observation> record) {
        Observation o = record.value();
        String source = o.source();
        if (source.equals(Observation.ALL_SOURCES) || source.equals(Observation.OTHER_SOURCES)) {
            context.forward(record);
            return;
        }
        Long lastSeen = tracked.get(source);
        if (lastSeen == null && count >= maxSources) {
            freeIdle();
        }
        if (lastSeen == null && count >= maxSources) {
            context.forward(record.withValue(o.withSource(Observation.OTHER_SOURCES)));
            return;
        }
        if (lastSeen == null) {
            count++;
        }
        if (lastSeen == null || record.timestamp() >= lastSeen + LAST_SEEN_STEP_MILLIS) {
            tracked.put(source, record.timestamp());
        }
        context.forward(record);
    }

    private void freeIdle() {
        long cutoff = context.currentStreamTimeMs() - idleMillis;
        if (cutoff <= oldestLastSeen) {
            return; // a flood of new sources does not scan the tracked ones for every record
        }
        List<String> idle = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        try (KeyValueIterator<String, Long> all = tracked.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < cutoff) {
                    idle.add(entry.key);
                } else {
                    oldest = Math.min(oldest, entry.value);
                }
            }
        }
        oldestLastSeen = oldest;
        idle.forEach(tracked::delete);
        count -= idle.size();
    }
}
