package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** A negative record timestamp is replaced by the partition time, or the wall clock before there is one; others are kept. */
class InvalidTimestampFallbackTest {

    private final InvalidTimestampFallback extractor = new InvalidTimestampFallback();

    @Test
    void negativeTimestampsFallBackAndValidOnesAreKept() {
        long replacedBefore = InvalidTimestampFallback.replaced();
        assertThat(extractor.extract(record(0), 500)).as("0, the smallest valid timestamp").isZero();
        assertThat(extractor.extract(record(1), 500)).isEqualTo(1);
        assertThat(InvalidTimestampFallback.replaced()).isEqualTo(replacedBefore);

        assertThat(extractor.extract(record(-1), 500)).as("-1 with a partition time").isEqualTo(500);
        assertThat(extractor.extract(record(Long.MIN_VALUE), 0)).isZero();
        long before = System.currentTimeMillis();
        assertThat(extractor.extract(record(-5), -1)).as("no partition time yet: the wall clock")
                .isBetween(before, System.currentTimeMillis());
        assertThat(InvalidTimestampFallback.replaced()).isEqualTo(replacedBefore + 3);
    }

    private static ConsumerRecord<Object, Object> record(long timestamp) {
        return new ConsumerRecord<>("digit-images", 0, 7, timestamp, TimestampType.CREATE_TIME, 0, 0, "k", "v",
                new RecordHeaders(), Optional.empty());
    }
}
