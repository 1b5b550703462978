package io.digitstream.classifier.metrics;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.Durations;
import io.digitstream.config.LayeredConfig;
import java.time.Duration;
import java.util.List;
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
 * @param drift when a time window's predictions count as drifted ({@code digits.drift.*})
 */
public record MetricsConfig(boolean enabled, Duration joinWindow, Duration windowSize, Duration windowAdvance,
        Duration windowGrace, Duration windowRetention, int rollingCount, int maxSources, DriftConfig drift) {

    private static final Duration DEFAULT_RETENTION = Duration.ofMinutes(10);

    public static final ConfigKey<Boolean> ENABLED = ConfigKey.bool("digits.metrics.enabled", true,
            "the label join and the windows (the HTTP side answers without them, with 503 for windows)");
    public static final ConfigKey<Duration> JOIN_WINDOW = ConfigKey.duration("digits.metrics.join.window",
            Duration.ofSeconds(60), Duration.ofMillis(1), null,
            "how far apart a prediction and its label event may be; after it, unlabeled");
    public static final ConfigKey<Duration> WINDOW_SIZE = ConfigKey.duration("digits.metrics.window.size",
            Duration.ofSeconds(30), Duration.ofMillis(1), null, "size of the hopping time windows");
    public static final ConfigKey<Duration> WINDOW_ADVANCE = ConfigKey.duration("digits.metrics.window.advance",
            Duration.ofSeconds(5), Duration.ofMillis(1), null, "advance of the time windows (at most their size)");
    public static final ConfigKey<Duration> WINDOW_GRACE = ConfigKey.duration("digits.metrics.window.grace",
            Duration.ofSeconds(90), Duration.ZERO, null,
            "how long after its end a time window takes late outcomes (above the join window)");
    public static final ConfigKey<Duration> WINDOW_RETENTION = ConfigKey.duration("digits.metrics.window.retention",
            null, Duration.ofMillis(1), null,
            "how long time windows stay queryable (at least size + grace)")
            .derivedDefault("`" + Durations.format(DEFAULT_RETENTION) + "`, or size + grace when that is longer");
    public static final ConfigKey<Integer> ROLLING_COUNT = ConfigKey.integer("digits.metrics.rolling.count", 1000, 1,
            100_000, "labeled predictions in the count window");
    public static final ConfigKey<Integer> MAX_SOURCES = ConfigKey.integer("digits.metrics.sources.max", 256, 1, 10_000,
            "sources tracked apart; the others count under (other)");

    public static final List<ConfigKey<?>> KEYS = List.of(ENABLED, JOIN_WINDOW, WINDOW_SIZE, WINDOW_ADVANCE, WINDOW_GRACE,
            WINDOW_RETENTION, ROLLING_COUNT, MAX_SOURCES, DriftConfig.THRESHOLD, DriftConfig.MIN_PREDICTIONS);

    /** A live view: a point every 5 s over the last 30 s; labels may come a minute late. */
    public static final MetricsConfig DEFAULT = new MetricsConfig(ENABLED.defaultValue(), JOIN_WINDOW.defaultValue(),
            WINDOW_SIZE.defaultValue(), WINDOW_ADVANCE.defaultValue(), WINDOW_GRACE.defaultValue(), DEFAULT_RETENTION,
            ROLLING_COUNT.defaultValue(), MAX_SOURCES.defaultValue(), DriftConfig.DEFAULT);

    /** With the default drift settings. */
    public MetricsConfig(boolean enabled, Duration joinWindow, Duration windowSize, Duration windowAdvance,
            Duration windowGrace, Duration windowRetention, int rollingCount, int maxSources) {
        this(enabled, joinWindow, windowSize, windowAdvance, windowGrace, windowRetention, rollingCount, maxSources,
                DriftConfig.DEFAULT);
    }

    /** With the default number of tracked sources. */
    public MetricsConfig(boolean enabled, Duration joinWindow, Duration windowSize, Duration windowAdvance,
            Duration windowGrace, Duration windowRetention, int rollingCount) {
        this(enabled, joinWindow, windowSize, windowAdvance, windowGrace, windowRetention, rollingCount,
                MAX_SOURCES.defaultValue());
    }

    public MetricsConfig {
        JOIN_WINDOW.check(joinWindow);
        WINDOW_SIZE.check(windowSize);
        WINDOW_ADVANCE.check(windowAdvance);
        WINDOW_GRACE.check(windowGrace);
        ROLLING_COUNT.check(rollingCount);
        MAX_SOURCES.check(maxSources);
        if (windowAdvance.compareTo(windowSize) > 0) {
            throw new ConfigurationException(WINDOW_ADVANCE + " (" + windowAdvance + ") must not exceed "
                    + WINDOW_SIZE + " (" + windowSize + ")");
        }
        if (windowRetention.compareTo(windowSize.plus(windowGrace)) < 0) {
            throw new ConfigurationException(WINDOW_RETENTION + " (" + windowRetention + ") must be at least "
                    + WINDOW_SIZE + " + " + WINDOW_GRACE + " (" + windowSize.plus(windowGrace) + ")");
        }
    }

    public static MetricsConfig from(LayeredConfig config) {
        Duration size = WINDOW_SIZE.get(config);
        Duration grace = WINDOW_GRACE.get(config);
        Duration defaultRetention = DEFAULT_RETENTION.compareTo(size.plus(grace)) >= 0 ? DEFAULT_RETENTION : size.plus(grace);
        return new MetricsConfig(ENABLED.get(config), JOIN_WINDOW.get(config), size, WINDOW_ADVANCE.get(config), grace,
                WINDOW_RETENTION.find(config).orElse(defaultRetention), ROLLING_COUNT.get(config), MAX_SOURCES.get(config),
                DriftConfig.from(config));
    }

    public TimeWindows timeWindows() {
        return TimeWindows.ofSizeAndGrace(windowSize, windowGrace).advanceBy(windowAdvance);
    }

    /** Whether every outcome, even one decided only when the join window ran out, reaches its time windows. */
    public boolean graceCoversJoinWindow() {
        return windowGrace.compareTo(joinWindow) > 0;
    }
}
