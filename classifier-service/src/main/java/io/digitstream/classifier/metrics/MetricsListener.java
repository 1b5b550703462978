package io.digitstream.classifier.metrics;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import java.util.List;

/**
 * Sees what the metrics topology reads and decides, for the per-instance live view (Prometheus counters, the
 * dashboard's thumbnails). Called from stream threads, so implementations are thread-safe and quick; records a
 * task reprocesses after a failure are seen again, unlike the exactly-once windows.
 */
public interface MetricsListener {

    MetricsListener NONE = new MetricsListener() {
    };

    /** A prediction read from the predictions topic (duplicates included). */
    default void prediction(Prediction prediction, long latencyMillis) {
    }

    default void deadLetter(DeadLetter deadLetter) {
    }

    /** The join's outcome for one image: labeled or, once the join window ran out, unlabeled. */
    default void observed(String imageId, Observation observation) {
    }

    /** A label event whose prediction did not come within the join window. */
    default void unmatchedLabel(String imageId) {
    }

    /**
     * A record of a topic the metrics read that is not what that topic holds (undecodable, a tombstone, no key, a
     * label or digit outside 0..9): skipped.
     *
     * @param key the record's key, shortened as {@link MetricsText#id} does, or null
     */
    default void invalidRecord(String topic, String key, String reason) {
    }

    static MetricsListener all(List<MetricsListener> listeners) {
        return new MetricsListener() {
            @Override
            public void prediction(Prediction prediction, long latencyMillis) {
                listeners.forEach(l -> l.prediction(prediction, latencyMillis));
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                listeners.forEach(l -> l.deadLetter(deadLetter));
            }

            @Override
            public void observed(String imageId, Observation observation) {
                listeners.forEach(l -> l.observed(imageId, observation));
            }

            @Override
            public void unmatchedLabel(String imageId) {
                listeners.forEach(l -> l.unmatchedLabel(imageId));
            }

            @Override
            public void invalidRecord(String topic, String key, String reason) {
                listeners.forEach(l -> l.invalidRecord(topic, key, reason));
            }
        };
    }
}
