package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class MetricsTimestampsTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long TOLERANCE = MetricsTimestamps.FUTURE_TOLERANCE.toMillis();
    private final MetricsTimestamps extractor = new MetricsTimestamps(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private long extract(long timestamp, long partitionTime) {
        return extractor.extract(new ConsumerRecord<>("t", 0, 0, timestamp, TimestampType.CREATE_TIME, 0, 0, null, null,
                new RecordHeaders(), Optional.empty()), partitionTime);
    }

    @Test
    void aRecordDatedUpToTheToleranceAheadKeepsItsTimeAndALaterOneIsClampedToIt() {
        assertThat(extract(NOW + TOLERANCE - 1, 0)).isEqualTo(NOW + TOLERANCE - 1);
        assertThat(extract(NOW + TOLERANCE, 0)).isEqualTo(NOW + TOLERANCE);
        assertThat(extract(NOW + TOLERANCE + 1, 0)).isEqualTo(NOW + TOLERANCE);
        assertThat(extract(Long.MAX_VALUE, 0)).isEqualTo(NOW + TOLERANCE);
        assertThat(extract(0, 5)).isZero();
    }

    @Test
    void aNegativeTimestampTakesThePartitionsTimeOrZero() {
        assertThat(extract(-1, NOW - 10)).isEqualTo(NOW - 10);
        assertThat(extract(Long.MIN_VALUE, -1)).as("no partition time yet").isZero();
        assertThat(extract(-7, Long.MAX_VALUE)).as("never beyond the tolerance").isEqualTo(NOW + TOLERANCE);
    }
}
