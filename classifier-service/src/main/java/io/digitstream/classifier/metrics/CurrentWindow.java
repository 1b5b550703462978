package io.digitstream.classifier.metrics;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Which of a source's hopping windows to show as "now": of the windows that hold the latest outcome, the oldest,
 * i.e. the one covering the most recent full window size. (The newest window has just begun and holds little.)
 */
public final class CurrentWindow {

    private CurrentWindow() {
    }

    /**
     * @param windows time windows of one source, in any order
     * @param start a window's start, epoch milliseconds
     */
    public static <W> Optional<W> of(List<W> windows, ToLongFunction<W> start, Duration size) {
        long newestStart = windows.stream().mapToLong(start).max().orElse(Long.MIN_VALUE);
        return windows.stream()
                .filter(w -> start.applyAsLong(w) > newestStart - size.toMillis())
                .min(Comparator.comparingLong(start));
    }
}
