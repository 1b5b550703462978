package io.digitstream.classifier.metrics;

import io.digitstream.config.LayeredConfig;
import java.time.Duration;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * Settings of the live metrics: how long a prediction and its label wait for each other, the hopping time
 * windows, and the count-based rolling window. Time is Kafka Streams' stream time (record timestamps), so a
 * replayed stream gives the same windows as a live one.
 *
 * @param joinWindow how far apart (in record time) a prediction and a label event may be and still join; a
 *        prediction still without a label when the join's clock passes its timestamp + joinWindow counts as
 *        unlabeled (stream time, plus wall-clock time while stream time stands still: see LabelJoinProcessor)
 * @param windowGrace how long after its end a time window still takes late outcomes: it should exceed the
 *        join window, or unlabeled outcomes (known only after the join window) miss the windows they belong to
 * @param windowRetention how much window history the stores keep for queries and the dashboard (at least size + grace)
 * @param rollingCount the count window holds the last this many labeled predictions per source
 * @param maxSources how many sources the windows, counters and dashboard track apart: the first ones seen (a source
 *        unseen for the window retention frees its place); outcomes of any other source count under
 *        {@link Observation#OTHER_SOURCES} (and, like all, under {@code *})
 */
public record MetricsConfig(boolean enabled, Duration joinWindow, Duration windowSize, Duration windowAdvance,
        Duration windowGrace, Duration windowRetention, int rollingCount, int maxSources) {

    public static final String ENABLED = "digits.metrics.enabled";
    public static final String JOIN_WINDOW = "digits.metrics.join.window";
    public static final String WINDOW_SIZE = "digits.metrics.window.size";
    public static final String WINDOW_ADVANCE = "digits.metrics.window.advance";
    public static final String WINDOW_GRACE = "digits.metrics.window.grace";
    public static final String WINDOW_RETENTION = "digits.metrics.window.retention";
    public static final String ROLLING_COUNT = "digits.metrics.rolling.count";
    public static final String MAX_SOURCES = "digits.metrics.sources.max";

    private static final int DEFAULT_MAX_SOURCES = 256;

    /** A live view: a point every 5 s over the last 30 s; labels may come a minute late. */
    public static final MetricsConfig DEFAULT = new MetricsConfig(true, Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofSeconds(90), Duration.ofMinutes(10), 1000, DEFAULT_MAX_SOURCES);

    static final int MAX_ROLLING_COUNT = 100_000;
    static final int MAX_MAX_SOURCES = 10_000;

    /** With the default number of tracked sources. */
    public MetricsConfig(boolean enabled, Duration joinWindow, Duration windowSize, Duration windowAdvance,
            Duration windowGrace, Duration windowRetention, int rollingCount) {
        this(enabled, joinWindow, windowSize, windowAdvance, windowGrace, windowRetention, rollingCount, DEFAULT_MAX_SOURCES);
    }

    public MetricsConfig {
        requirePositive(JOIN_WINDOW, joinWindow);
        requirePositive(WINDOW_SIZE, windowSize);
        requirePositive(WINDOW_ADVANCE, windowAdvance);
        if (windowGrace.isNegative()) {
            throw new IllegalArgumentException(WINDOW_GRACE + " must not be negative");
        }
        if (windowAdvance.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException(WINDOW_ADVANCE + " (" + windowAdvance + ") must not exceed "
                    + WINDOW_SIZE + " (" + windowSize + ")");
        }
        if (windowRetention.compareTo(windowSize.plus(windowGrace)) < 0) {
            throw new IllegalArgumentException(WINDOW_RETENTION + " (" + windowRetention + ") must be at least "
                    + WINDOW_SIZE + " + " + WINDOW_GRACE + " (" + windowSize.plus(windowGrace) + ")");
        }
        if (rollingCount < 1 || rollingCount > MAX_ROLLING_COUNT) {
            throw new IllegalArgumentException(ROLLING_COUNT + " must be 1.." + MAX_ROLLING_COUNT + ", not " + rollingCount);
        }
        if (maxSources < 1 || maxSources > MAX_MAX_SOURCES) {
            throw new IllegalArgumentException(MAX_SOURCES + " must be 1.." + MAX_MAX_SOURCES + ", not " + maxSources);
        }
    }

    public static MetricsConfig from(LayeredConfig config) {
        Duration size = ConfigDurations.get(config, WINDOW_SIZE, DEFAULT.windowSize);
        Duration grace = ConfigDurations.get(config, WINDOW_GRACE, DEFAULT.windowGrace);
        Duration defaultRetention = DEFAULT.windowRetention.compareTo(size.plus(grace)) >= 0 ? DEFAULT.windowRetention
                : size.plus(grace);
        return new MetricsConfig(
                Boolean.parseBoolean(config.get(ENABLED, "true").strip()),
                ConfigDurations.get(config, JOIN_WINDOW, DEFAULT.joinWindow),
                size,
                ConfigDurations.get(config, WINDOW_ADVANCE, DEFAULT.windowAdvance),
                grace,
                ConfigDurations.get(config, WINDOW_RETENTION, defaultRetention),
                config.getInt(ROLLING_COUNT, DEFAULT.rollingCount),
                config.getInt(MAX_SOURCES, DEFAULT.maxSources));
    }

    public TimeWindows timeWindows() {
        return TimeWindows.ofSizeAndGrace(windowSize, windowGrace).advanceBy(windowAdvance);
    }

    /** Whether every outcome, even one decided only when the join window ran out, reaches its time windows. */
    public boolean graceCoversJoinWindow() {
        return windowGrace.compareTo(joinWindow) > 0;
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, not " + value);
        }
    }
}
