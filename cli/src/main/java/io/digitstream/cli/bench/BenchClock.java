package io.digitstream.cli.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Epoch time in microseconds read from {@link System#nanoTime}: one monotonic clock for stamping images and for timing
 * their predictions in this JVM, so a step of the wall clock during a run shifts no latency, and a {@link
 * io.digitstream.tools.publish.Pacer}'s due times (nano times) convert to capture times.
 */
final class BenchClock {

    private final long originNanos = System.nanoTime();
    private final long originEpochMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());

    /** Now, in microseconds since the epoch. */
    long micros() {
        return micros(System.nanoTime());
    }

    /** A {@link System#nanoTime} reading of this JVM, in microseconds since the epoch. */
    long micros(long nanoTime) {
        return originEpochMicros + (nanoTime - originNanos) / 1_000;
    }

    static Instant instant(long epochMicros) {
        return Instant.EPOCH.plusNanos(TimeUnit.MICROSECONDS.toNanos(epochMicros));
    }

    static long micros(Instant instant) {
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1_000;
    }
}
