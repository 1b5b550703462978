package io.digitstream.classifier.metrics;

import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins predictions with their ground truth by image id, emitting exactly one {@link Observation} per image:
 * <ul>
 * <li>a prediction that carries its label (inline) is labeled at once;</li>
 * <li>otherwise it waits for a label event, which may also have come first: the two join when their record
 *     timestamps are at most the join window apart;</li>
 * <li>a prediction whose label has not come when stream time passes its timestamp + the join window is
 *     emitted as unlabeled (not as an error); a label whose prediction never came is dropped, and reported;</li>
 * <li>within the join window, a repeated prediction or label of the same id is a duplicate and ignored: the
 *     first label wins, and an inline label wins over a label event.</li>
 * </ul>
 * Observations carry the prediction's timestamp, so a late label still counts in the time windows of its
 * prediction (while they accept it: see the grace period). Both sides must be co-partitioned by image id.
 *
 * <p>The join's clock is stream time, so a replayed stream joins as the live one did, plus the wall-clock time
 * that has passed since stream time last moved: on a quiet stream (a scanner sends a batch, then pauses) no new
 * record moves stream time, yet its predictions still become unlabeled one join window after the last record.
 * Expiry is checked every {@link #EXPIRY_SCAN} of stream time and of wall-clock time. Ids are kept as
 * {@link MetricsText#id} shortens them, the same on both sides.
 */
final class LabelJoinProcessor implements Processor<String, JoinInput, String, Observation> {

    /** How often, in stream time and in wall-clock time, expired entries are looked for. */
    static final Duration EXPIRY_SCAN = Duration.ofSeconds(1);

    static final long MAX_LATENCY_MILLIS = Duration.ofDays(1).toMillis();

    /** Digits of an expiry time in its index key: {@link Long#MAX_VALUE}'s. */
    static final int EXPIRY_DIGITS = 19;

    private final long joinWindowMillis;
    private final MetricsListener listener;
    private ProcessorContext<String, Observation> context;
    private KeyValueStore<String, JoinState> joins;
    /** Expiry index: key "expiresAt (19 digits) image id", so ids come out in expiry order. */
    private KeyValueStore<String, String> expiries;
    /** Stream time as last seen, and the wall-clock time when it was first seen at that value. */
    private long lastStreamTime = Long.MIN_VALUE;
    private long streamTimeSince;

    LabelJoinProcessor(Duration joinWindow, MetricsListener listener) {
        this.joinWindowMillis = joinWindow.toMillis();
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Observation> context) {
        this.context = context;
        this.joins = context.getStateStore(MetricsStores.JOIN);
        this.expiries = context.getStateStore(MetricsStores.JOIN_EXPIRY);
        context.schedule(EXPIRY_SCAN, PunctuationType.STREAM_TIME, streamTime -> expire(joinTime(context.currentSystemTimeMs())));
        context.schedule(EXPIRY_SCAN, PunctuationType.WALL_CLOCK_TIME, wallTime -> expire(joinTime(wallTime)));
    }

    /** Stream time plus the wall-clock time since it last moved; negative while stream time is unknown. */
    private long joinTime(long wallTime) {
        long streamTime = context.currentStreamTimeMs();
        if (streamTime != lastStreamTime) {
            lastStreamTime = streamTime;
            streamTimeSince = wallTime;
        }
        return streamTime < 0 ? streamTime : streamTime + Math.max(0, wallTime - streamTimeSince);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        joinTime(context.currentSystemTimeMs()); // notes when stream time moved
        String id = MetricsText.id(record.key());
        if (record.value() instanceof JoinInput.Predicted predicted) {
            onPrediction(id, predicted.prediction(), record.timestamp());
        } else if (record.value() instanceof JoinInput.Labeled labeled) {
            onLabel(id, labeled.label(), record.timestamp());
        }
    }

    private void onPrediction(String id, Prediction p, long time) {
        // Bounded, so that no sum of latencies can overflow whatever a producer wrote as classification time.
        long latency = Math.min(MAX_LATENCY_MILLIS, Math.max(0, p.getClassificationTime().toEpochMilli() - time));
        listener.prediction(p, latency);
        JoinState state = joins.get(id);
        if (state != null && state.status() == JoinState.Status.AWAITING_PREDICTION && !withinWindow(state.time(), time)) {
            listener.unmatchedLabel(id); // a label for an earlier image with this id, too old to be this one's
            state = null;
        }
        ModelPair pair = ModelPair.of(p);
        if (state == null) {
            long expiresAt = time + joinWindowMillis;
            if (p.getLabel() != null) {
                emit(id, Observation.labeled(p.getSource(), p.getLabel(), p.getDigit(), latency, p.getConfidence(),
                        p.getModelVersion(), pair), time);
                put(id, JoinState.joined(time, expiresAt));
            } else {
                put(id, JoinState.awaitingLabel(time, expiresAt, p.getSource(), p.getDigit(), latency, p.getConfidence(),
                        p.getModelVersion(), pair));
            }
        } else if (state.status() == JoinState.Status.AWAITING_PREDICTION) {
            int label = p.getLabel() != null ? p.getLabel() : state.label();
            emit(id, Observation.labeled(p.getSource(), label, p.getDigit(), latency, p.getConfidence(),
                    p.getModelVersion(), pair), time);
            put(id, JoinState.joined(time, Math.max(state.expiresAt(), time + joinWindowMillis)));
        }
        // else: a duplicate prediction (awaiting its label, or joined already)
    }

    private void onLabel(String id, LabelEvent event, long time) {
        JoinState state = joins.get(id);
        if (state == null) {
            put(id, JoinState.awaitingPrediction(time, time + joinWindowMillis, event.getLabel()));
        } else if (state.status() == JoinState.Status.AWAITING_LABEL) {
            if (withinWindow(state.time(), time)) {
                emit(id, Observation.labeled(state.source(), event.getLabel(), state.digit(), state.latencyMillis(),
                        state.confidence(), state.modelVersion(), state.pair()), state.time());
                put(id, JoinState.joined(state.time(), Math.max(state.expiresAt(), time + joinWindowMillis)));
            } else {
                listener.unmatchedLabel(id); // too late for the prediction, which will count as unlabeled
            }
        }
        // else: a duplicate label (awaiting its prediction, or joined already)
    }

    private boolean withinWindow(long a, long b) {
        return Math.abs(a - b) <= joinWindowMillis;
    }

    private void emit(String id, Observation observation, long timestamp) {
        listener.observed(id, observation);
        context.forward(new Record<>(id, observation, timestamp));
    }

    private void put(String id, JoinState state) {
        JoinState previous = joins.get(id);
        joins.put(id, state);
        if (previous == null || previous.expiresAt() != state.expiresAt()) {
            expiries.put(expiryKey(state.expiresAt(), id), id);
        }
        // an index entry left at an earlier expiry is recognized as stale when it comes due
    }

    /** Drops entries whose join window the join's clock has passed; a prediction still waiting becomes unlabeled. */
    private void expire(long joinTime) {
        if (joinTime < 0) {
            return;
        }
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = expiries.all()) {
            while (entries.hasNext()) {
                KeyValue<String, String> entry = entries.next();
                if (expiresAt(entry.key) >= joinTime) {
                    break;
                }
                due.add(entry);
            }
        }
        for (KeyValue<String, String> entry : due) {
            expiries.delete(entry.key);
            String id = entry.value;
            JoinState state = joins.get(id);
            if (state == null || state.expiresAt() != expiresAt(entry.key)) {
                continue;
            }
            joins.delete(id);
            if (state.status() == JoinState.Status.AWAITING_LABEL) {
                emit(id, Observation.unlabeled(state.source(), state.digit(), state.latencyMillis(), state.confidence(),
                        state.modelVersion(), state.pair()), state.time());
            } else if (state.status() == JoinState.Status.AWAITING_PREDICTION) {
                listener.unmatchedLabel(id);
            }
        }
    }

    /** The expiry time zero-padded to 19 digits (so keys sort by time), a space, the id; without a Formatter per record. */
    static String expiryKey(long expiresAt, String id) {
        String time = Long.toString(Math.max(0, expiresAt));
        return "0".repeat(EXPIRY_DIGITS - time.length()) + time + ' ' + id;
    }

    private static long expiresAt(String expiryKey) {
        return Long.parseLong(expiryKey.substring(0, EXPIRY_DIGITS));
    }
}
