package io.digitstream.classifier.stream;

import java.time.Duration;

/**
 * When a buffered micro-batch is classified: as soon as it holds {@code size} records, or when its
 * oldest record has waited {@code maxDelay}. A size of 1 is the per-record path (no buffer).
 */
public record BatchPolicy(int size, Duration maxDelay) {

    public static final BatchPolicy DEFAULT = new BatchPolicy(32, Duration.ofMillis(20));
    public static final BatchPolicy PER_RECORD = new BatchPolicy(1, Duration.ZERO);

    public BatchPolicy {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + size);
        }
        if (size > 1 && maxDelay.toMillis() < 1) {
            throw new IllegalArgumentException("a batch needs a max delay of at least 1 ms");
        }
    }

    public boolean perRecord() {
        return size == 1;
    }
}
