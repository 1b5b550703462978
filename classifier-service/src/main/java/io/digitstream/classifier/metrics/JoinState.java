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
        ModelPair pair) {

    enum Status { AWAITING_LABEL, AWAITING_PREDICTION, JOINED }

    /** Version 1 wrote the source with {@code writeUTF}; version 2 as length and UTF-8; version 3 adds the pair. */
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
            ModelPair.write(out, s.pair);
        }

        @Override
        JoinState read(DataInputStream in, int version) throws IOException {
            return new JoinState(Status.values()[in.readByte()], in.readLong(), in.readLong(),
                    version == 1 ? in.readUTF() : readString(in), in.readByte(), in.readLong(), in.readByte(),
                    version >= 3 ? ModelPair.read(in) : null);
        }
    };

    /** The source is kept at most {@link MetricsText#MAX_SOURCE_CHARS} long. */
    JoinState {
        source = MetricsText.source(source);
    }

    static JoinState awaitingLabel(long time, long expiresAt, String source, int digit, long latencyMillis) {
        return awaitingLabel(time, expiresAt, source, digit, latencyMillis, null);
    }

    static JoinState awaitingLabel(long time, long expiresAt, String source, int digit, long latencyMillis, ModelPair pair) {
        return new JoinState(Status.AWAITING_LABEL, time, expiresAt, source, digit, latencyMillis, -1, pair);
    }

    static JoinState awaitingPrediction(long time, long expiresAt, int label) {
        return new JoinState(Status.AWAITING_PREDICTION, time, expiresAt, "", -1, -1, label, null);
    }

    static JoinState joined(long time, long expiresAt) {
        return new JoinState(Status.JOINED, time, expiresAt, "", -1, -1, -1, null);
    }
}
