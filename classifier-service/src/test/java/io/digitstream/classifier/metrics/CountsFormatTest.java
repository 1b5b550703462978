package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.metrics.PredictionHistogram;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The changelog formats of the count aggregates, byte for byte: the expected values are built here from the format
 * (big-endian ints and longs, strings as an int length and UTF-8), so a faster serializer cannot drift from what
 * changelogs already hold.
 */
class CountsFormatTest {

    @Test
    void rollingCountsAreCapacitySizeAndThePairsOldestFirst() {
        RollingCounts wrapped = new RollingCounts(3).add(1, 1).add(2, 3).add(4, 4).add(9, 0); // (1,1) evicted
        assertThat(RollingCounts.SERDE.serialize("t", wrapped))
                .isEqualTo(bytes(1, 0, 0, 0, 3, 0, 0, 0, 3, 23, 44, 90));
        RollingCounts partial = new RollingCounts(1000).add(1, 1).add(2, 3);
        assertThat(RollingCounts.SERDE.serialize("t", partial))
                .isEqualTo(bytes(1, 0, 0, 0x03, 0xE8, 0, 0, 0, 2, 11, 23));
        assertThat(RollingCounts.SERDE.serialize("t", new RollingCounts(1))).isEqualTo(bytes(1, 0, 0, 0, 1, 0, 0, 0, 0));
    }

    /** Every fill level of a small ring, and a full ring of 1,000 turned over at every offset. */
    @Test
    void rollingCountsRoundTripAtEveryFillAndEveryOffsetOfTheRing() {
        Random random = new Random(5);
        for (int capacity : new int[] {1, 7, 1000}) {
            RollingCounts rolling = new RollingCounts(capacity);
            ByteBuffer expected = ByteBuffer.allocate(1 + 8 + capacity);
            byte[] history = new byte[3 * capacity];
            for (int i = 0; i < history.length; i++) {
                int label = random.nextInt(10);
                int digit = random.nextInt(10);
                rolling.add(label, digit);
                history[i] = (byte) (label * 10 + digit);
                int size = Math.min(capacity, i + 1);
                expected.clear().put((byte) 1).putInt(capacity).putInt(size).put(history, i + 1 - size, size);

                byte[] written = RollingCounts.SERDE.serialize("t", rolling);
                assertThat(written).as("capacity %d after %d", capacity, i + 1)
                        .isEqualTo(Arrays.copyOf(expected.array(), expected.position()));
                RollingCounts read = RollingCounts.SERDE.deserialize("t", written);
                assertThat(read.confusion().toArray()).isEqualTo(rolling.confusion().toArray());
                assertThat(RollingCounts.SERDE.serialize("t", read)).isEqualTo(written);
            }
        }
    }

    /** A value holding more pairs than its capacity (no serializer writes one) keeps the newest, as adding them would. */
    @Test
    void moreStoredPairsThanTheCapacityKeepTheNewest() {
        RollingCounts read = RollingCounts.SERDE.deserialize("t", bytes(1, 0, 0, 0, 2, 0, 0, 0, 3, 11, 22, 33));
        assertThat(read.size()).isEqualTo(2);
        assertThat(read.confusion().count(1, 1)).isZero();
        assertThat(read.confusion().count(2, 2) + read.confusion().count(3, 3)).isEqualTo(2);
        assertThat(RollingCounts.SERDE.serialize("t", read)).isEqualTo(bytes(1, 0, 0, 0, 2, 0, 0, 0, 2, 22, 33));
    }

    @Test
    void rollingCountsReadBackUpToTheLargestConfiguredCapacity() {
        int max = MetricsConfig.ROLLING_COUNT.max();
        assertThat(RollingCounts.MAX_CAPACITY).isEqualTo(max);
        for (int capacity : new int[] {max - 1, max}) {
            RollingCounts read = RollingCounts.SERDE.deserialize("t", rollingHeader(capacity, 1, 99));
            assertThat(read.capacity()).isEqualTo(capacity);
            assertThat(read.confusion().count(9, 9)).isEqualTo(1);
        }
        assertThatThrownBy(() -> RollingCounts.SERDE.deserialize("t", rollingHeader(max + 1, 1, 99)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("corrupt RollingCounts")
                .cause().hasMessageContaining("capacity " + (max + 1));
    }

    @Test
    void corruptRollingCountsAreSerializationErrors() {
        byte[] valid = RollingCounts.SERDE.serialize("t", new RollingCounts(4).add(1, 2).add(3, 4).add(5, 6));
        assertEveryTruncationFails(RollingCounts.SERDE, valid, "corrupt RollingCounts");
        for (int pair : new int[] {-1, 100, 127}) {
            byte[] corrupt = valid.clone();
            corrupt[corrupt.length - 1] = (byte) pair;
            assertThatThrownBy(() -> RollingCounts.SERDE.deserialize("t", corrupt)).as("pair %d", pair)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("corrupt RollingCounts")
                    .cause().hasMessageContaining("pair " + pair);
        }
        for (int[] header : new int[][] {{0, 0}, {-1, 0}, {4, -1}}) {
            assertThatThrownBy(() -> RollingCounts.SERDE.deserialize("t", rollingHeader(header[0], header[1])))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("corrupt RollingCounts");
        }
    }

    /** Version 2: confusion, five counts, the drift histograms per model version, the pairs of versions. */
    @Test
    void windowCountsAreTheirCountsInOrder() {
        ModelPair pair = new ModelPair("champ", "chall", 7, 1);
        WindowCounts counts = new WindowCounts()
                .add(Observation.labeled("s", 7, 7, 30, 0.97f, "m-1", pair))
                .add(Observation.unlabeled("s", 2, 50))
                .add(Observation.deadLetter());

        ByteBuffer expected = ByteBuffer.allocate(2048).put((byte) 2);
        for (int i = 0; i < 100; i++) {
            expected.putLong(i == 77 ? 1 : 0);
        }
        expected.putLong(1).putLong(1).putLong(2).putLong(80).putLong(50); // unlabeled, dead letters, latency n/sum/max
        expected.put((byte) 1);                                             // one model version
        putString(expected, "m-1");
        for (int bin = 0; bin < PredictionHistogram.CONFIDENCE_BINS; bin++) {
            expected.putLong(bin == PredictionHistogram.bin(0.97f) ? 1 : 0);
        }
        for (int digit = 0; digit < 10; digit++) {
            expected.putLong(digit == 7 ? 1 : 0);
        }
        expected.put((byte) 1);                                             // one pair of versions
        putString(expected, "champ");
        putString(expected, "chall");
        expected.putLong(1).putLong(0).putLong(1).putLong(0).putLong(1).putLong(0); // compared, agreed, labeled, both,
                                                                                   // champion only, challenger only
        byte[] written = WindowCounts.SERDE.serialize("t", counts);
        assertThat(written).isEqualTo(Arrays.copyOf(expected.array(), expected.position()));
        assertThat(WindowCounts.SERDE.serialize("t", WindowCounts.SERDE.deserialize("t", written))).isEqualTo(written);
        assertEveryTruncationFails(WindowCounts.SERDE, written, "corrupt WindowCounts");
    }

    @Test
    void anEmptyWindowIsItsZeroCounts() {
        ByteBuffer expected = ByteBuffer.allocate(1 + 105 * 8 + 2).put((byte) 2);
        expected.position(expected.capacity()); // all counts 0, no model version, no pair
        assertThat(WindowCounts.SERDE.serialize("t", new WindowCounts())).isEqualTo(expected.array());
    }

    private static <T> void assertEveryTruncationFails(BinarySerde<T> serde, byte[] valid, String message) {
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> serde.deserialize("t", truncated)).as("%d of %d bytes", length, valid.length)
                    .isInstanceOf(SerializationException.class).hasMessageContaining(message);
        }
    }

    private static byte[] rollingHeader(int capacity, int size, int... pairs) {
        ByteBuffer value = ByteBuffer.allocate(9 + pairs.length).put((byte) 1).putInt(capacity).putInt(size);
        for (int pair : pairs) {
            value.put((byte) pair);
        }
        return value.array();
    }

    private static void putString(ByteBuffer buffer, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(utf8.length).put(utf8);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
