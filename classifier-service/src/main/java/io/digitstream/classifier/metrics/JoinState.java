package io.digitstream.classifier.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What the label join knows of one image id until the join window runs out: the prediction waiting for its label,
 * the label waiting for its prediction, or that the pair already joined (so duplicates are recognized).
 *
 * @param time record timestamp of the prediction (awaiting a label, joined) or of the label (awaiting a prediction)
 * @param expiresAt when stream time passes this, the entry is dropped (an awaited label never came: unlabeled)
 */
record JoinState(Status status, long time, long expiresAt, String source, int digit, long latencyMillis, int label,
        float confidence, String modelVersion, ModelPair pair) {

    enum Status { AWAITING_LABEL, AWAITING_PREDICTION, JOINED }

    /** Version 1 wrote the source with {@code writeUTF}; version 2 as length and UTF-8; version 3 adds confidence, model
     *  version and the pair of champion's and challenger's answers. */
    static final BinarySerde<JoinState> SERDE = new BinarySerde<>("JoinState", 3, 1) {
        @Override
        void write(DataOutputStream out, JoinState s) throws IOException {
            out.writeByte(s.status.ordinal());
            out.writeLong(s.time);
            out.writeLong(s.expiresAt);
            writeString(out, s.source);
            out.writeByte(s.digit);
            out.writeLong(s.latencyMillis);
            out.writeByte(s.label);
            out.writeFloat(s.confidence);
            writeString(out, s.modelVersion);
            ModelPair.write(out, s.pair);
        }

        @Override
        JoinState read(DataInputStream in, int version) throws IOException {
            Status status = Status.values()[in.readByte()];
            long time = in.readLong();
            long expiresAt = in.readLong();
            String source = version == 1 ? in.readUTF() : readString(in);
            int digit = in.readByte();
            long latency = in.readLong();
            int label = in.readByte();
            return version < 3 ? new JoinState(status, time, expiresAt, source, digit, latency, label, Float.NaN, "", null)
                    : new JoinState(status, time, expiresAt, source, digit, latency, label, in.readFloat(), readString(in),
                            ModelPair.read(in));
        }
    };

    /** The source is kept at most {@link MetricsText#MAX_SOURCE_CHARS} long. */
    JoinState {
        source = MetricsText.source(source);
        modelVersion = MetricsText.modelVersion(modelVersion);
    }

    /** Without what drift needs (confidence, model version) and without a challenger's answer. */
    static JoinState awaitingLabel(long time, long expiresAt, String source, int digit, long latencyMillis) {
        return awaitingLabel(time, expiresAt, source, digit, latencyMillis, Float.NaN, "", null);
    }

    static JoinState awaitingLabel(long time, long expiresAt, String source, int digit, long latencyMillis,
            float confidence, String modelVersion, ModelPair pair) {
        return new JoinState(Status.AWAITING_LABEL, time, expiresAt, source, digit, latencyMillis, -1, confidence,
                modelVersion, pair);
    }

    static JoinState awaitingPrediction(long time, long expiresAt, int label) {
        return new JoinState(Status.AWAITING_PREDICTION, time, expiresAt, "", -1, -1, label, Float.NaN, "", null);
    }

    static JoinState joined(long time, long expiresAt) {
        return new JoinState(Status.JOINED, time, expiresAt, "", -1, -1, -1, Float.NaN, "", null);
    }
}
