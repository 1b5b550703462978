package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingCountsTest {

    /** The matrix of the last N pairs of a random stream, recomputed from scratch, at every step. */
    @Test
    void holdsTheConfusionMatrixOfExactlyTheLastNPairs() {
        Random random = new Random(11);
        for (int capacity : new int[] {1, 2, 7, 50}) {
            RollingCounts rolling = new RollingCounts(capacity);
            List<int[]> seen = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int label = random.nextInt(10);
                int digit = random.nextInt(10);
                rolling.add(label, digit);
                seen.add(new int[] {label, digit});
                ConfusionMatrix expected = new ConfusionMatrix();
                seen.subList(Math.max(0, seen.size() - capacity), seen.size()).forEach(p -> expected.add(p[0], p[1]));
                assertThat(rolling.confusion().toArray()).as("capacity %d after %d", capacity, i + 1).isEqualTo(expected.toArray());
                assertThat(rolling.size()).isEqualTo(Math.min(capacity, i + 1));
            }
        }
    }

    @Test
    void survivesItsSerdeWithTheOrderOfEviction() {
        RollingCounts rolling = new RollingCounts(3);
        rolling.add(1, 1).add(2, 2).add(3, 3).add(4, 4); // (1,1) evicted; ring wrapped
        RollingCounts copy = RollingCounts.SERDE.deserialize("t", RollingCounts.SERDE.serialize("t", rolling));

        assertThat(copy.confusion().toArray()).isEqualTo(rolling.confusion().toArray());
        copy.add(5, 5);
        assertThat(copy.confusion().count(2, 2)).as("the oldest after the round trip is still (2,2)").isZero();
        assertThat(copy.confusion().count(3, 3)).isEqualTo(1);
    }

    @Test
    void aNewCapacityKeepsTheNewestThatFit() {
        RollingCounts rolling = new RollingCounts(4).add(0, 0).add(1, 1).add(2, 2).add(3, 3);
        RollingCounts smaller = rolling.withCapacity(2);

        assertThat(smaller.size()).isEqualTo(2);
        assertThat(smaller.confusion().count(0, 0) + smaller.confusion().count(1, 1)).isZero();
        assertThat(smaller.confusion().correct()).isEqualTo(2);
        assertThat(rolling.withCapacity(4)).isSameAs(rolling);
    }
}
