package io.digitstream.classifier.metrics;

import java.util.function.LongSupplier;

/**
 * How many lines of one kind may be logged per minute, so that a flood of bad records cannot flood the log too
 * (the counters count every record). Thread-safe.
 */
public final class LogBudget {

    private final int perMinute;
    private final LongSupplier millis;
    private long minute = Long.MIN_VALUE;
    private int used;

    public LogBudget(int perMinute, LongSupplier millis) {
        this.perMinute = perMinute;
        this.millis = millis;
    }

    /** @return 0 when this line may not be logged, else its number within the minute (1..perMinute) */
    public synchronized int take() {
        long now = Math.floorDiv(millis.getAsLong(), 60_000L);
        if (now != minute) {
            minute = now;
            used = 0;
        }
        return used < perMinute ? ++used : 0;
    }

    int perMinute() {
        return perMinute;
    }
}
