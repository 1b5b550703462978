package io.digitstream.classifier.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.config.ConfigurationException;
import io.digitstream.schemas.ReviewRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PendingReviewsTest {

    private static final int CAPACITY = 5;

    /** CAPACITY − 1, CAPACITY and CAPACITY + 1 requests: all are kept up to the capacity, then the oldest goes. */
    @ParameterizedTest
    @ValueSource(ints = {CAPACITY - 1, CAPACITY, CAPACITY + 1})
    void keepsTheNewestUpToItsCapacity(int added) {
        PendingReviews pending = new PendingReviews(CAPACITY);
        IntStream.range(0, added).forEach(i -> pending.add(request("img-" + i)));

        assertThat(pending.size()).isEqualTo(Math.min(added, CAPACITY));
        assertThat(pending.dropped()).isEqualTo(Math.max(0, added - CAPACITY));
        assertThat(pending.next().orElseThrow().getId()).isEqualTo(added > CAPACITY ? "img-1" : "img-0");
        assertThat(pending.get("img-" + (added - 1))).as("the newest is kept").isPresent();
        assertThat(pending.get("img-0").isPresent()).isEqualTo(added <= CAPACITY);
    }

    @Test
    void labelingTakesARequestOnceAndSkippingPutsItLast() {
        PendingReviews pending = new PendingReviews(CAPACITY);
        pending.add(request("a"));
        pending.add(request("b"));
        pending.add(request("a")); // the same image again: one entry, now the newest

        assertThat(pending.size()).isEqualTo(2);
        assertThat(pending.next().orElseThrow().getId()).isEqualTo("b");
        assertThat(pending.skip("b")).isTrue();
        assertThat(pending.next().orElseThrow().getId()).isEqualTo("a");
        assertThat(pending.skip("nope")).isFalse();
        assertThat(pending.take("a")).isPresent();
        assertThat(pending.take("a")).isEmpty();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void theCapacityIsThatOfItsKey() {
        assertThat(new PendingReviews(1).capacity()).isEqualTo(1);
        assertThatThrownBy(() -> new PendingReviews(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("digits.review.pending.max=0 is out of range");
        assertThatThrownBy(() -> new PendingReviews(100_001)).isInstanceOf(ConfigurationException.class);
    }

    static ReviewRequest request(String id) {
        return ReviewRequest.newBuilder().setId(id).setSource("s").setWidth(1).setHeight(1).setEncoding("GRAY8")
                .setPixels(ByteBuffer.wrap(new byte[1])).setDigit(3).setConfidence(0.4f).setRawConfidence(0.6f)
                .setThreshold(0.9f).setModelVersion("v").setCaptureTime(Instant.EPOCH).setClassificationTime(Instant.EPOCH)
                .build();
    }
}
