package io.digitstream.verify;

import java.nio.charset.StandardCharsets;

/**
 * How the conservation check names an images-topic record, the same way on the input side and in dead
 * letters: its image id when the value decodes, else its key, else where it sits in Kafka (a keyless
 * record whose value is not an image has no other identity).
 */
public final class InputIds {

    private InputIds() {
    }

    /** The id of an input record whose value is not a readable image. */
    public static String ofUnreadable(byte[] key, String topic, int partition, long offset) {
        return key != null ? new String(key, StandardCharsets.UTF_8) : ofOrigin(topic, partition, offset);
    }

    /** The id of a dead letter, which carries no id when its record had neither a readable image nor a key. */
    public static String ofDeadLetter(CharSequence imageId, String topic, int partition, long offset) {
        return imageId != null ? imageId.toString() : ofOrigin(topic, partition, offset);
    }

    static String ofOrigin(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
