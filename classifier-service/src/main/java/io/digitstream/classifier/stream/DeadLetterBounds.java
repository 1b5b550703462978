package io.digitstream.classifier.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps a dead letter within one Kafka record. An input of almost 1 MiB is a valid Kafka record, but its
 * dead letter (the original bytes plus id, reason and origin) would exceed the producer's default
 * {@code max.request.size} of 1 MiB: the send would fail, the stream thread die and retry the same record
 * forever. So the originals are cut to a budget, the value first, and the reason says so; the whole record
 * stays in the images topic at the origin the dead letter names.
 */
final class DeadLetterBounds {

    /** Original key, value and image id together; the rest of a dead letter stays under 10 KB. */
    static final int ORIGINALS_BUDGET = 1_000_000;
    static final int MAX_REASON_CHARS = 2_000;

    private DeadLetterBounds() {
    }

    /** The originals a dead letter carries, and a note for its reason when they were cut ("" otherwise). */
    record Originals(ByteBuffer key, ByteBuffer value, String note) {
    }

    static Originals fit(byte[] key, byte[] value, String imageId) {
        int room = Math.max(0, ORIGINALS_BUDGET - (imageId == null ? 0 : imageId.getBytes(StandardCharsets.UTF_8).length));
        int keyLength = key == null ? 0 : key.length;
        int valueLength = value == null ? 0 : value.length;
        if (keyLength + valueLength <= room) {
            return new Originals(wrap(key, keyLength), wrap(value, valueLength), "");
        }
        int keptKey = Math.min(keyLength, room);
        int keptValue = Math.min(valueLength, room - keptKey);
        return new Originals(wrap(key, keptKey), wrap(value, keptValue), " (the dead letter keeps the first " + keptKey + " of "
                + keyLength + " key bytes and " + keptValue + " of " + valueLength + " value bytes, to fit one Kafka record;"
                + " the whole record stays at its topic, partition and offset)");
    }

    static String reason(String reason) {
        String text = reason == null || reason.isBlank() ? "no reason given" : reason;
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "...";
    }

    private static ByteBuffer wrap(byte[] bytes, int length) {
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.wrap(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }
}
