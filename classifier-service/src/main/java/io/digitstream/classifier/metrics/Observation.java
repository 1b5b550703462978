package io.digitstream.classifier.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What the windows count, one per input: a prediction with its ground truth, a prediction whose label never came
 * within the join window, or a dead letter. Its record timestamp is the prediction's (or dead letter's).
 *
 * @param label the true digit, or -1 when unlabeled
 * @param digit the predicted digit, or -1 for a dead letter
 * @param latencyMillis image record timestamp to classification, or -1 for a dead letter
 * @param confidence the prediction's confidence, for drift; NaN for a dead letter (or an observation of format 1 or 2)
 * @param modelVersion the version of the model that made the prediction, for drift; empty when unknown
 * @param pair the champion's and the challenger's answers, when a challenger classified the image too; else null
 */
public record Observation(Kind kind, String source, int label, int digit, long latencyMillis, float confidence,
        String modelVersion, ModelPair pair) {

    public enum Kind { LABELED, UNLABELED, DEAD_LETTER }

    /** Dead letters are counted only for all sources together: a record that did not decode has no source. */
    public static final String ALL_SOURCES = "*";

    /** Everything that is neither one of the tracked sources nor all of them (see {@link SourceAdmission}). */
    public static final String OTHER_SOURCES = "(other)";

    /** Version 1 wrote the source with {@code writeUTF}; version 2 as length and UTF-8; version 3 adds confidence, model
     *  version and the pair. */
    static final BinarySerde<Observation> SERDE = new BinarySerde<>("Observation", 3, 1) {
        @Override
        void write(DataOutputStream out, Observation o) throws IOException {
            out.writeByte(o.kind.ordinal());
            writeString(out, o.source);
            out.writeByte(o.label);
            out.writeByte(o.digit);
            out.writeLong(o.latencyMillis);
            out.writeFloat(o.confidence);
            writeString(out, o.modelVersion);
            ModelPair.write(out, o.pair);
        }

        @Override
        Observation read(DataInputStream in, int version) throws IOException {
            Kind kind = Kind.values()[in.readByte()];
            String source = version == 1 ? in.readUTF() : readString(in);
            int label = in.readByte();
            int digit = in.readByte();
            long latency = in.readLong();
            return version < 3 ? new Observation(kind, source, label, digit, latency, Float.NaN, "", null)
                    : new Observation(kind, source, label, digit, latency, in.readFloat(), readString(in), ModelPair.read(in));
        }
    };

    /** The source is kept at most {@link MetricsText#MAX_SOURCE_CHARS} long; label and digit are -1 or 0..9. */
    public Observation {
        source = MetricsText.source(source);
        modelVersion = MetricsText.modelVersion(modelVersion);
        if (label < -1 || label > 9 || digit < -1 || digit > 9) {
            throw new IllegalArgumentException("label " + label + " and digit " + digit + " must be -1 or 0..9");
        }
    }

    /** The same outcome counted under another source (the {@link #OTHER_SOURCES} bucket). */
    Observation withSource(String newSource) {
        return new Observation(kind, newSource, label, digit, latencyMillis, confidence, modelVersion, pair);
    }

    /** Without what drift needs (confidence, model version) and without a challenger's answer. */
    public static Observation labeled(String source, int label, int digit, long latencyMillis) {
        return labeled(source, label, digit, latencyMillis, Float.NaN, "", null);
    }

    public static Observation labeled(String source, int label, int digit, long latencyMillis, float confidence,
            String modelVersion) {
        return labeled(source, label, digit, latencyMillis, confidence, modelVersion, null);
    }

    public static Observation labeled(String source, int label, int digit, long latencyMillis, ModelPair pair) {
        return labeled(source, label, digit, latencyMillis, Float.NaN, "", pair);
    }

    public static Observation labeled(String source, int label, int digit, long latencyMillis, float confidence,
            String modelVersion, ModelPair pair) {
        return new Observation(Kind.LABELED, source, label, digit, latencyMillis, confidence, modelVersion, pair);
    }

    /** Without what drift needs (confidence, model version) and without a challenger's answer. */
    public static Observation unlabeled(String source, int digit, long latencyMillis) {
        return unlabeled(source, digit, latencyMillis, Float.NaN, "", null);
    }

    public static Observation unlabeled(String source, int digit, long latencyMillis, float confidence, String modelVersion) {
        return unlabeled(source, digit, latencyMillis, confidence, modelVersion, null);
    }

    public static Observation unlabeled(String source, int digit, long latencyMillis, ModelPair pair) {
        return unlabeled(source, digit, latencyMillis, Float.NaN, "", pair);
    }

    public static Observation unlabeled(String source, int digit, long latencyMillis, float confidence, String modelVersion,
            ModelPair pair) {
        return new Observation(Kind.UNLABELED, source, -1, digit, latencyMillis, confidence, modelVersion, pair);
    }

    public static Observation deadLetter() {
        return new Observation(Kind.DEAD_LETTER, ALL_SOURCES, -1, -1, -1, Float.NaN, "", null);
    }

    /** Whether drift can count it: a prediction that names its model and confidence. */
    public boolean isScored() {
        return isPrediction() && !modelVersion.isEmpty() && !Float.isNaN(confidence);
    }

    public boolean isLabeled() {
        return kind == Kind.LABELED;
    }

    public boolean isPrediction() {
        return kind != Kind.DEAD_LETTER;
    }
}
