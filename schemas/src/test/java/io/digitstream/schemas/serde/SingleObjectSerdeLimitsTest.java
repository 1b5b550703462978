package io.digitstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** A tiny message that claims a huge field is refused without allocating what it claims (found by fuzzing). */
class SingleObjectSerdeLimitsTest {

    private static final long ONE_GIB = 1L << 30;
    private static final long SMALL_ALLOCATION = 16L * 1024 * 1024;

    @Test
    void anImageClaimingAGigabyteOfPixelsIsRefusedCheaply() throws IOException {
        byte[] message = message(SchemaCatalog.fingerprintHex(DigitImage.getClassSchema()), body -> {
            body.writeString("id");
            body.writeString("source");
            body.writeLong(0); // captureTime
            body.writeInt(28);
            body.writeInt(28);
            body.writeEnum(0); // GRAY8
            body.writeLong(ONE_GIB); // the length of pixels, followed by 3 bytes
            body.writeFixed(new byte[] {1, 2, 3});
        });
        assertRefusedCheaply(() -> ContractSerdes.digitImage().deserialize("images", message));
    }

    @Test
    void aPredictionClaimingAGigaItemArrayIsRefusedCheaply() throws IOException {
        byte[] message = message(SchemaCatalog.fingerprintHex(Prediction.getClassSchema()), body -> {
            body.writeString("id");
            body.writeString("source");
            body.writeInt(7); // digit
            body.writeFloat(0.5f); // confidence
            body.writeLong(ONE_GIB); // the item count of probabilities, followed by 2 floats
            body.writeFloat(0.1f);
            body.writeFloat(0.2f);
        });
        assertRefusedCheaply(() -> ContractSerdes.prediction().deserialize("predictions", message));
    }

    private static void assertRefusedCheaply(Runnable decode) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(decode::run).isInstanceOf(SerializationException.class).hasMessageContaining("corrupt or truncated");

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated").isLessThan(SMALL_ALLOCATION);
    }

    /** C3 01, the fingerprint (little-endian), then the body. */
    private static byte[] message(String fingerprintHex, ThrowingConsumer<BinaryEncoder> body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        long fingerprint = Long.parseUnsignedLong(fingerprintHex, 16);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            body.accept(encoder);
        } catch (Throwable e) {
            throw new IOException(e);
        }
        encoder.flush();
        return Arrays.copyOf(out.toByteArray(), out.size());
    }
}
