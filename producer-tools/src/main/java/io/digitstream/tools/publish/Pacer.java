package io.digitstream.tools.publish;

import java.util.concurrent.TimeUnit;

/**
 * Spaces records out to a rate. Every record has a due time counted from the start, so time lost to a slow send
 * or a long sleep is made up by the following records instead of accumulating as drift.
 */
public final class Pacer {

    private final double perSecond;
    private final long start = System.nanoTime();

    /** @param perSecond records per second; 0 for no limit */
    public Pacer(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a number of records per second >= 0, not " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /**
     * Sleeps until record {@code index} (counted from 0) is due; returns at once when running behind.
     *
     * @return when the record was due ({@link System#nanoTime}), which is earlier than now when running behind; with
     *     no limit, now
     */
    public long awaitTurn(long index) throws InterruptedException {
        if (perSecond == 0) {
            return System.nanoTime();
        }
        long due = start + (long) (index * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return due;
    }
}
