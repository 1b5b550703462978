package io.digitstream.testing;

import java.time.Duration;
import java.util.function.Predicate;

/** Polls until a condition holds, for tests that wait on a running service or stack. */
public final class Await {

    /** One look at the system under test; an AssertionError means "not answerable yet", e.g. a 503. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Await() {
    }

    /** Asks every {@code interval} until {@code done} or {@code timeout}; failed asks are asked again. */
    public static <T> T until(Probe<T> probe, Predicate<T> done, String what, Duration timeout, Duration interval)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (AssertionError e) {
                // e.g. 503 while Streams rebalances: ask again
            }
            Thread.sleep(interval.toMillis());
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }
}
