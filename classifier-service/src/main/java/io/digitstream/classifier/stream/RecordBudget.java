package io.digitstream.classifier.stream;

import java.util.Properties;

/**
 * The hard size budget of one images-topic record, derived from the largest record the service may write,
 * so that everything it writes for an input (the micro-batch buffer entry and its changelog record, the
 * prediction, the dead letter) fits one Kafka record whatever the configuration. Enforced before a record
 * is buffered or classified; what does not fit is dead-lettered, and the dead letter itself is cut to fit
 * ({@link DeadLetterBounds}).
 *
 * <p>{@code maxRecordBytes} is the smaller of the producer's {@code max.request.size} (the Streams
 * producer's: {@code producer.max.request.size}, else {@code max.request.size}, else Kafka's default
 * 1,048,576) and the {@code max.message.bytes} the changelog topic is assumed to accept
 * ({@code topic.max.message.bytes}, which Kafka Streams also sets on the changelog topics it creates, else
 * the broker default 1,048,588). Every limit below is that minus a bounded overhead:
 * <ul>
 *   <li>record value: {@code maxRecordBytes - RECORD_FRAMING - BUFFER_ENTRY_OVERHEAD - MAX_KEY_BYTES}, so the
 *       buffer entry of a record at the limit, with the longest key from the longest topic name, still fits;</li>
 *   <li>a dead letter's original key and value together:
 *       {@code maxRecordBytes - RECORD_FRAMING - DEAD_LETTER_OVERHEAD};</li>
 *   <li>a prediction holds an id and a source of at most 256 bytes each, ten floats and the model version:
 *       well under a kilobyte;</li>
 *   <li>a review request ({@link ReviewPolicy}) holds the input's image and less than the input's record held
 *       besides (its key and buffer-entry overhead) unless the model version is very long: one that would not fit
 *       is not sent.</li>
 * </ul>
 */
public record RecordBudget(int maxRecordBytes) {

    public static final int MAX_ID_BYTES = 256;
    public static final int MAX_SOURCE_BYTES = 256;
    public static final int MAX_KEY_BYTES = 1024;
    /** Kafka's own limit on a topic name: 249 characters of {@code [a-zA-Z0-9._-]}. */
    static final int MAX_TOPIC_BYTES = 249;
    /**
     * A record in a batch of one, besides its key and value, as the producer estimates it before checking
     * {@code max.request.size}: 61 bytes of batch header and at most 32 of record header with every varint at
     * its widest, rounded up.
     */
    static final int RECORD_FRAMING = 128;
    /** A buffer entry besides the input's key and value: its store key (a long), then timestamp, partition,
     *  offset, the three lengths of {@link BufferedInput}'s layout and the topic name. */
    static final int BUFFER_ENTRY_OVERHEAD = 8 + 8 + 4 + 8 + 3 * 4 + MAX_TOPIC_BYTES;
    /** A dead letter's reason, with the note of what was cut. */
    static final int MAX_REASON_BYTES = 4096;
    /**
     * A dead letter besides its original key and value: the record key (the image id), then in the value the
     * single-object header (10), the image id (union index, length, bytes), the two unions' index and length,
     * stage, reason, topic, partition, offset and time, each varint at its widest.
     */
    static final int DEAD_LETTER_OVERHEAD = MAX_ID_BYTES + 10 + (6 + MAX_ID_BYTES) + 6 + 6 + 5 + (5 + MAX_REASON_BYTES)
            + (5 + MAX_TOPIC_BYTES) + 5 + 10 + 10;

    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    static final int BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
    /** Below this the budgets would leave no room for a useful image. */
    static final int MIN_RECORD_BYTES = 16 * 1024;

    public static final RecordBudget DEFAULT = new RecordBudget(DEFAULT_MAX_REQUEST_SIZE);

    public RecordBudget {
        if (maxRecordBytes < MIN_RECORD_BYTES) {
            throw new IllegalArgumentException("max.request.size / topic.max.message.bytes of " + maxRecordBytes
                    + " leave no room for an image record; at least " + MIN_RECORD_BYTES + " bytes are needed");
        }
    }

    /** The budget the Kafka Streams properties allow (see the class comment). */
    public static RecordBudget of(Properties streams) {
        int request = intValue(streams, "producer.max.request.size",
                intValue(streams, "max.request.size", DEFAULT_MAX_REQUEST_SIZE));
        int changelog = intValue(streams, "topic.max.message.bytes", BROKER_DEFAULT_MAX_MESSAGE_BYTES);
        return new RecordBudget(Math.min(request, changelog));
    }

    /** The largest images-topic record value taken in. */
    public int maxValueBytes() {
        return maxRecordBytes - RECORD_FRAMING - BUFFER_ENTRY_OVERHEAD - MAX_KEY_BYTES;
    }

    /** Room in a dead letter for the original key and value together. */
    int maxDeadLetterOriginalsBytes() {
        return maxRecordBytes - RECORD_FRAMING - DEAD_LETTER_OVERHEAD;
    }

    /** Whether an output record with a key and value of these sizes fits one record. */
    boolean fits(int keyBytes, int valueBytes) {
        return (long) RECORD_FRAMING + keyBytes + valueBytes <= maxRecordBytes;
    }

    /** Why a record with this key and value is not taken in, or null when it fits. */
    String refusal(byte[] key, byte[] value) {
        if (key != null && key.length > MAX_KEY_BYTES) {
            return "record key of " + key.length + " bytes exceeds the limit of " + MAX_KEY_BYTES + " bytes";
        }
        if (value != null && value.length > maxValueBytes()) {
            return "record value of " + value.length + " bytes exceeds the limit of " + maxValueBytes()
                    + " bytes (a record of at most " + maxRecordBytes + " bytes, max.request.size, must hold its buffer entry)";
        }
        return null;
    }

    private static int intValue(Properties properties, String key, int otherwise) {
        Object value = properties.get(key);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of bytes, not '" + value + "'", e);
        }
    }
}
