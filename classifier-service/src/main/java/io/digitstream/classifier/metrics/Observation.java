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
 */
public record Observation(Kind kind, String source, int label, int digit, long latencyMillis) {

    public enum Kind { LABELED, UNLABELED, DEAD_LETTER }

    /** Dead letters are counted only for all sources together: a record that did not decode has no source. */
    public static final String ALL_SOURCES = "*";

    static final BinarySerde<Observation> SERDE = new BinarySerde<>("Observation", 1) {
        @Override
        void write(DataOutputStream out, Observation o) throws IOException {
            out.writeByte(o.kind.ordinal());
            out.writeUTF(o.source);
            out.writeByte(o.label);
            out.writeByte(o.digit);
            out.writeLong(o.latencyMillis);
        }

        @Override
        Observation read(DataInputStream in) throws IOException {
            return new Observation(Kind.values()[in.readByte()], in.readUTF(), in.readByte(), in.readByte(), in.readLong());
        }
    };

    public static Observation labeled(String source, int label, int digit, long latencyMillis) {
        return new Observation(Kind.LABELED, source, label, digit, latencyMillis);
    }

    public static Observation unlabeled(String source, int digit, long latencyMillis) {
        return new Observation(Kind.UNLABELED, source, -1, digit, latencyMillis);
    }

    public static Observation deadLetter() {
        return new Observation(Kind.DEAD_LETTER, ALL_SOURCES, -1, -1, -1);
    }

    public boolean isLabeled() {
        return kind == Kind.LABELED;
    }

    public boolean isPrediction() {
        return kind != Kind.DEAD_LETTER;
    }
}
