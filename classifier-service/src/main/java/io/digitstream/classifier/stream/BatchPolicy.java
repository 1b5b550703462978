package io.digitstream.classifier.stream;

import java.time.Duration;

/**
 * When a buffered micro-batch is classified: as soon as it holds {@code size} records or {@code maxPixels}
 * decoded pixels (its work: a batch of large pages closes early, so that it always fits well inside a
 * transaction), or when its oldest record has waited {@code maxDelay}. A size of 1 is the per-record path.
 */
public record BatchPolicy(int size, Duration maxDelay, long maxPixels) {

    /** About half a second of the denoise stage on one core (docs/reliability.md, "Per-record limits"). */
    public static final long DEFAULT_MAX_PIXELS = 4L << 20;

    public static final BatchPolicy DEFAULT = new BatchPolicy(32, Duration.ofMillis(20));
    public static final BatchPolicy PER_RECORD = new BatchPolicy(1, Duration.ZERO);

    public BatchPolicy {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + size);
        }
        if (size > 1 && maxDelay.toMillis() < 1) {
            throw new IllegalArgumentException("a batch needs a max delay of at least 1 ms");
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("a batch's pixel budget must be at least 1, not " + maxPixels);
        }
    }

    /** With the default pixel budget. */
    public BatchPolicy(int size, Duration maxDelay) {
        this(size, maxDelay, DEFAULT_MAX_PIXELS);
    }

    public boolean perRecord() {
        return size == 1;
    }
}
