package io.digitstream.classifier.metrics;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.LayeredConfig;
import java.util.List;

/**
 * When a source's stream counts as drifted: the population stability index of its predictions' confidence or
 * predicted classes in a time window, against the model's reference ({@link io.digitstream.metrics.DriftReference}),
 * exceeds {@code threshold}, in a window holding at least {@code minPredictions} predictions of that model.
 *
 * <p>Defaults, from measurements with the shipped model ({@code bin/digits evaluate --drift-windows 200}): windows of
 * 200 predictions of streams the model is meant for (clean MNIST, notebook, back-image) reach a confidence index of
 * 0.86 at most, a rotated stream (180°) never scores below 1.6 (90°: 4.8). The usual 0.25 rule of thumb assumes coarse
 * bins and large samples; these bins resolve the nines above 0.99, where ordinary changes of handwriting move mass.
 * Random-noise backgrounds ({@code back-rand}, 97.6% accurate) average 1.56: flagged, as a changed stream is.
 *
 * @param threshold flag above this index (either distribution)
 * @param minPredictions fewer predictions of the scored model in a window give no score: a small sample's index
 *        is mostly noise
 */
public record DriftConfig(double threshold, int minPredictions) {

    public static final ConfigKey<Double> THRESHOLD = ConfigKey.decimal("digits.drift.threshold", 1.0, 0.0, 100.0,
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
