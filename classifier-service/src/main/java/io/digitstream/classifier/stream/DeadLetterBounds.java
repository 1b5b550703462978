package io.digitstream.classifier.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps a dead letter within one Kafka record. An input of almost the record limit is a valid Kafka record,
 * but its dead letter (the original bytes plus id, reason and origin) would not be: the send would fail, the
 * stream thread die and retry the same record forever. So the originals are cut to the room the
 * {@link RecordBudget} leaves them, the value first, the id and the reason to their own limits, and the reason
 * says so; the whole record stays in the images topic at the origin the dead letter names.
 */
final class DeadLetterBounds {

    /** The note of what was cut takes at most this much of {@link RecordBudget#MAX_REASON_BYTES}. */
    private static final int MAX_NOTE_BYTES = 512;

    private DeadLetterBounds() {
    }

    /** The originals a dead letter carries, and a note for its reason when they were cut ("" otherwise). */
    record Originals(ByteBuffer key, ByteBuffer value, String note) {
    }

    static Originals fit(byte[] key, byte[] value, RecordBudget budget) {
        int room = budget.maxDeadLetterOriginalsBytes();
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

    /** The reason, then the notes, within {@link RecordBudget#MAX_REASON_BYTES} of UTF-8. */
    static String reason(String reason, String notes) {
        String text = reason == null || reason.isBlank() ? "no reason given" : reason;
        String kept = Utf8.truncate(text, RecordBudget.MAX_REASON_BYTES - MAX_NOTE_BYTES);
        return (kept.length() == text.length() ? text : kept + "...") + Utf8.truncate(notes, MAX_NOTE_BYTES - 3);
    }

    /** An image id within {@link RecordBudget#MAX_ID_BYTES}; null stays null. */
    static String imageId(String id) {
        return id == null ? null : Utf8.truncate(id, RecordBudget.MAX_ID_BYTES);
    }

    /** The note for the reason when {@link #imageId} cut the id, else "". */
    static String imageIdNote(String id) {
        int length = id == null ? 0 : Utf8.length(id);
        return length <= RecordBudget.MAX_ID_BYTES ? "" : " (the dead letter keeps the first "
                + Utf8.length(imageId(id)) + " of " + length + " bytes of the id)";
    }

    private static ByteBuffer wrap(byte[] bytes, int length) {
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.wrap(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }

    /** Lengths and cuts of strings as Java encodes them to UTF-8 ({@link String#getBytes}, Avro strings). */
    static final class Utf8 {

        private Utf8() {
        }

        static int length(String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }

        /** The longest prefix of whole code points within {@code maxBytes}. */
        static String truncate(String text, int maxBytes) {
            int bytes = 0;
            int i = 0;
            while (i < text.length()) {
                int codePoint = text.codePointAt(i);
                boolean loneSurrogate = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
                int size = codePoint < 0x80 || loneSurrogate ? 1 // a lone surrogate is encoded as '?'
                        : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                if (bytes + size > maxBytes) {
                    return text.substring(0, i);
                }
                bytes += size;
                i += Character.charCount(codePoint);
            }
            return text;
        }
    }
}
