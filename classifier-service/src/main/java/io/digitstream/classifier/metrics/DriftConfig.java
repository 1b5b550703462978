package io.digitstream.classifier.metrics;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.LayeredConfig;
import java.util.List;

/**
 * When a source's stream counts as drifted: the population stability index of its predictions' confidence or
 * predicted classes in a time window, against the model's reference ({@link io.digitstream.metrics.DriftReference}),
 * exceeds {@code threshold}, in a window holding at least {@code minPredictions} predictions of that model.
 *
 * @param threshold flag above this index (either distribution)
 * @param minPredictions fewer predictions of the scored model in a window give no score: a small sample's index
 *        is mostly noise
 */
public record DriftConfig(double threshold, int minPredictions) {

    public static final ConfigKey<Double> THRESHOLD = ConfigKey.decimal("digits.drift.threshold", 0.5, 0.0, 100.0,
            "a source drifts when a window's population stability index of confidence or predicted class exceeds this");
    public static final ConfigKey<Integer> MIN_PREDICTIONS = ConfigKey.integer("digits.drift.min.predictions", 200, 1,
            Integer.MAX_VALUE, "predictions of a model a time window needs before it gets a drift score");

    public static final List<ConfigKey<?>> KEYS = List.of(THRESHOLD, MIN_PREDICTIONS);

    public static final DriftConfig DEFAULT = new DriftConfig(THRESHOLD.defaultValue(), MIN_PREDICTIONS.defaultValue());

    public DriftConfig {
        THRESHOLD.check(threshold);
        MIN_PREDICTIONS.check(minPredictions);
    }

    public static DriftConfig from(LayeredConfig config) {
        return new DriftConfig(THRESHOLD.get(config), MIN_PREDICTIONS.get(config));
    }
}
