package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BinarySerdeTest {

    /** A string, as the metrics' internal values write theirs. */
    private static final BinarySerde<String> TEXT = new BinarySerde<>("Text", 1) {
        @Override
        void write(DataOutputStream out, String value) throws IOException {
            writeString(out, value);
        }

        @Override
        String read(DataInputStream in, int version) throws IOException {
            return readString(in);
        }
    };

    @Test
    void writesStringsLongerThanWriteUtfCouldAndReadsBackUpToTheLimit() {
        int max = BinarySerde.MAX_STRING_BYTES;
        for (int length : new int[] {max - 1, max}) {
            String text = "é".repeat(length / 2) + "x".repeat(length % 2); // two bytes per é: beyond writeUTF's 65,535
            assertThat(TEXT.deserialize("t", TEXT.serialize("t", text))).isEqualTo(text);
        }
        byte[] over = TEXT.serialize("t", "x".repeat(max + 1));
        assertThatThrownBy(() -> TEXT.deserialize("t", over)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt Text");
    }

    @Test
    void readsValuesOfTheOlderFormatWrittenWithWriteUtf() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);                                   // version 1
        out.writeByte(Observation.Kind.LABELED.ordinal());
        out.writeUTF("scanner-7");
        out.writeByte(3);
        out.writeByte(5);
        out.writeLong(42);
        assertThat(Observation.SERDE.deserialize("t", bytes.toByteArray())).isEqualTo(Observation.labeled("scanner-7", 3, 5, 42));
        Observation current = Observation.unlabeled("s", 4, 9, 0.75f, "model-1");
        assertThat(Observation.SERDE.deserialize("t", Observation.SERDE.serialize("t", current))).isEqualTo(current);
        assertThat(ByteBuffer.wrap(Observation.SERDE.serialize("t", current)).get()).as("written as version 3").isEqualTo((byte) 3);

        // version 2: the source as length and UTF-8, without confidence and model version (not counted for drift)
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        DataOutputStream out2 = new DataOutputStream(v2);
        out2.writeByte(2);
        out2.writeByte(Observation.Kind.UNLABELED.ordinal());
        out2.writeInt(1);
        out2.writeByte('s');
        out2.writeByte(-1);
        out2.writeByte(4);
        out2.writeLong(9);
        Observation old = Observation.SERDE.deserialize("t", v2.toByteArray());
        assertThat(old).isEqualTo(Observation.unlabeled("s", 4, 9));
        assertThat(old.isScored()).isFalse();
    }

    @Test
    void aWaitingPredictionKeepsWhatDriftNeedsAndOlderJoinStatesStillRead() throws IOException {
        JoinState waiting = JoinState.awaitingLabel(10, 20, "s", 4, 3, 0.875f, "model-1", null);
        assertThat(JoinState.SERDE.deserialize("t", JoinState.SERDE.serialize("t", waiting))).isEqualTo(waiting);

        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(v2);
        out.writeByte(2);
        out.writeByte(JoinState.Status.AWAITING_LABEL.ordinal());
        out.writeLong(10);
        out.writeLong(20);
        out.writeInt(1);
        out.writeByte('s');
        out.writeByte(4);
        out.writeLong(3);
        out.writeByte(-1);
        JoinState old = JoinState.SERDE.deserialize("t", v2.toByteArray());
        assertThat(old.digit()).isEqualTo(4);
        assertThat(old.confidence()).isNaN();
        assertThat(old.modelVersion()).isEmpty();
    }

    /** Version 2 (before the champion and challenger pair) is still read, without a pair; version 3 keeps the pair. */
    @Test
    void readsObservationsAndJoinStatesWrittenBeforeThePairAndRoundTripsThePair() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        out.writeByte(Observation.Kind.LABELED.ordinal());
        BinarySerde.writeString(out, "scanner-7");
        out.writeByte(3);
        out.writeByte(5);
        out.writeLong(42);
        assertThat(Observation.SERDE.deserialize("t", bytes.toByteArray())).isEqualTo(Observation.labeled("scanner-7", 3, 5, 42));

        ModelPair pair = new ModelPair("cnn-1", "clean-2", 5, 3);
        Observation paired = Observation.labeled("scanner-7", 3, 5, 42, pair);
        assertThat(Observation.SERDE.deserialize("t", Observation.SERDE.serialize("t", paired))).isEqualTo(paired);
        JoinState waiting = JoinState.awaitingLabel(10, 20, "scanner-7", 5, 42, Float.NaN, "", pair);
        assertThat(JoinState.SERDE.deserialize("t", JoinState.SERDE.serialize("t", waiting))).isEqualTo(waiting);
        JoinState unpaired = JoinState.awaitingLabel(10, 20, "scanner-7", 5, 42);
        assertThat(JoinState.SERDE.deserialize("t", JoinState.SERDE.serialize("t", unpaired))).isEqualTo(unpaired);
    }
}
