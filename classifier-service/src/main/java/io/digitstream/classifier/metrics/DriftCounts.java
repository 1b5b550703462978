package io.digitstream.classifier.metrics;

import io.digitstream.metrics.PredictionHistogram;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A window's distribution of predictions for drift, per model version (a window may hold predictions of several
 * models: routed ones, or one before and one after a swap). At most {@link #MAX_MODEL_VERSIONS} versions are kept per
 * window, the first ones seen; predictions of any other version are not counted for drift.
 */
final class DriftCounts {

    static final int MAX_MODEL_VERSIONS = 4;

    private final Map<String, PredictionHistogram> byVersion = new LinkedHashMap<>();

    void add(Observation o) {
        if (!o.isScored()) {
            return;
        }
        PredictionHistogram histogram = byVersion.get(o.modelVersion());
        if (histogram == null) {
            if (byVersion.size() >= MAX_MODEL_VERSIONS) {
                return;
            }
            histogram = new PredictionHistogram();
            byVersion.put(o.modelVersion(), histogram);
        }
        histogram.add(o.digit(), o.confidence());
    }

    Map<String, PredictionHistogram> byVersion() {
        return Collections.unmodifiableMap(byVersion);
    }

    /** The version that made most of the window's predictions (the first seen of equals): the one scored. */
    Optional<Map.Entry<String, PredictionHistogram>> dominant() {
        Map.Entry<String, PredictionHistogram> most = null;
        for (Map.Entry<String, PredictionHistogram> entry : byVersion.entrySet()) {
            if (most == null || entry.getValue().total() > most.getValue().total()) {
                most = entry;
            }
        }
        return Optional.ofNullable(most);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeByte(byVersion.size());
        for (Map.Entry<String, PredictionHistogram> entry : byVersion.entrySet()) {
            BinarySerde.writeString(out, entry.getKey());
            BinarySerde.writeLongs(out, entry.getValue().confidence());
            BinarySerde.writeLongs(out, entry.getValue().classes());
        }
    }

    static DriftCounts read(DataInputStream in) throws IOException {
        DriftCounts counts = new DriftCounts();
        int versions = in.readByte();
        if (versions < 0 || versions > MAX_MODEL_VERSIONS) {
            throw new IOException(versions + " model versions");
        }
        for (int v = 0; v < versions; v++) {
            String version = BinarySerde.readString(in);
            long[] confidence = new long[PredictionHistogram.CONFIDENCE_BINS];
            BinarySerde.readLongs(in, confidence);
            long[] classes = new long[PredictionHistogram.CLASSES];
            BinarySerde.readLongs(in, classes);
            counts.byVersion.put(version, new PredictionHistogram(confidence, classes));
        }
        return counts;
    }
}
