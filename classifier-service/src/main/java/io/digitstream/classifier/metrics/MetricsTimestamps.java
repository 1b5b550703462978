package io.digitstream.classifier.metrics;

import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Record time for the live metrics, whatever the application's default extractor: a timestamp more than
 * {@link #FUTURE_TOLERANCE} ahead of this machine's clock counts as now + that tolerance, and a negative one (a
 * non-Java client can send it) as the partition's time so far (0 before any). A single record dated in the future
 * would otherwise move the join's and the windows' stream time ahead at once: every waiting prediction would
 * expire as unlabeled and every current window would close. Nothing is dropped: the record only counts as dated
 * at the clamped time.
 */
public final class MetricsTimestamps implements TimestampExtractor {

    /** How far ahead of the service's clock a record may be dated (producers' clocks drift a little). */
    public static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(5);

    private final Clock clock;

    public MetricsTimestamps(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long latest = clock.millis() + FUTURE_TOLERANCE.toMillis();
        long timestamp = record.timestamp();
        if (timestamp < 0) {
            return Math.max(0, Math.min(partitionTime, latest));
        }
        return Math.min(timestamp, latest);
    }
}
