package io.digitstream.classifier.stream;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.WallclockTimestampExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's {@code default.timestamp.extractor}, for every topic it reads: a record's own timestamp,
 * or, when that is negative (a non-Java client may send one; Kafka's default extractor would stop the
 * application on it), the partition's stream time, or the wall clock before the partition has one. The
 * record is then processed as usual (an image is classified or dead-lettered on its merits); the
 * replacement is logged with its topic, partition and offset, at most once per {@link #LOG_EVERY_MS} with
 * the count since the last line, and counted ({@link #replaced}).
 */
public final class InvalidTimestampFallback implements TimestampExtractor {

    static final long LOG_EVERY_MS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(InvalidTimestampFallback.class);
    private static final AtomicLong REPLACED = new AtomicLong();
    private static final AtomicLong LOGGED_AT = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong SINCE_LOGGED = new AtomicLong();

    private final TimestampExtractor wallClock = new WallclockTimestampExtractor();

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (timestamp >= 0) {
            return timestamp;
        }
        long replacement = partitionTime >= 0 ? partitionTime : wallClock.extract(record, partitionTime);
        REPLACED.incrementAndGet();
        long unlogged = SINCE_LOGGED.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = LOGGED_AT.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY_MS) && LOGGED_AT.compareAndSet(last, now)) {
            SINCE_LOGGED.addAndGet(-unlogged);
            log.warn("record {}-{}@{} has the invalid timestamp {}; using {} ({}) instead ({} such record(s) since the last"
                    + " line)", record.topic(), record.partition(), record.offset(), timestamp, replacement,
                    partitionTime >= 0 ? "partition time" : "wall clock", unlogged);
        }
        return replacement;
    }

    /** Records whose timestamp was replaced since this JVM started, all topics together. */
    public static long replaced() {
        return REPLACED.get();
    }
}
