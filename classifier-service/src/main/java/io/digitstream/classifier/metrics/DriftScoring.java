package io.digitstream.classifier.metrics;

import io.digitstream.metrics.DriftReference;
import io.digitstream.metrics.PredictionHistogram;
import io.digitstream.model.ModelMetadata;
import io.digitstream.schemas.DriftScore;
import io.digitstream.schemas.DriftStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Scores a window's predictions for drift against the reference of the model version that made them
 * ({@link DriftReference}, from the model's metadata), as {@link DriftConfig} says. A version without a
 * (comparable) reference gets no score; so does a window with fewer than the minimum predictions.
 */
public final class DriftScoring {

    /** Scores nothing: every window with predictions reports {@link DriftStatus#NO_REFERENCE}. */
    public static final DriftScoring NONE = new DriftScoring(DriftConfig.DEFAULT, Map.of());

    private final DriftConfig config;
    /** The usable reference of a model version, or null. */
    private final Function<String, DriftReference> references;

    /** @param references by model version; references whose bins differ from this build's are left out */
    public DriftScoring(DriftConfig config, Map<String, DriftReference> references) {
        this(config, usableOnly(references)::get);
    }

    private static Map<String, DriftReference> usableOnly(Map<String, DriftReference> references) {
        Map<String, DriftReference> usable = new HashMap<>();
        references.forEach((version, reference) -> {
            if (usable(reference)) {
                usable.put(version, reference);
            }
        });
        return Map.copyOf(usable);
    }

    private DriftScoring(DriftConfig config, Function<String, DriftReference> references) {
        this.config = config;
        this.references = references;
    }

    /** The references in the metadata of the loaded models. */
    public static DriftScoring of(DriftConfig config, Map<String, ModelMetadata> metadataByVersion) {
        return following(config, () -> metadataByVersion);
    }

    /** The references in the metadata of the models serving now, looked up as models are swapped. */
    public static DriftScoring following(DriftConfig config, Supplier<Map<String, ModelMetadata>> metadataByVersion) {
        return new DriftScoring(config, version -> {
            ModelMetadata metadata = metadataByVersion.get().get(version);
            DriftReference reference = metadata == null ? null : metadata.driftReference();
            return usable(reference) ? reference : null;
        });
    }

    private static boolean usable(DriftReference reference) {
        return reference != null && reference.comparable();
    }

    public DriftConfig config() {
        return config;
    }

    public boolean hasReference(String modelVersion) {
        return references.apply(modelVersion) != null;
    }

    /** The drift of a window: of the version with most predictions in it; empty without scored predictions. */
    Optional<DriftScore> score(DriftCounts counts) {
        return counts.dominant().map(dominant -> score(dominant.getKey(), dominant.getValue()));
    }

    DriftScore score(String modelVersion, PredictionHistogram window) {
        DriftScore.Builder score = DriftScore.newBuilder()
                .setModelVersion(modelVersion)
                .setPredictions(window.total())
                .setThreshold(config.threshold())
                .setMinPredictions(config.minPredictions())
                .setConfidencePsi(null)
                .setClassPsi(null);
        DriftReference reference = references.apply(modelVersion);
        if (reference == null) {
            return score.setStatus(DriftStatus.NO_REFERENCE).build();
        }
        if (window.total() < config.minPredictions()) {
            return score.setStatus(DriftStatus.TOO_FEW).build();
        }
        DriftReference.DriftScores scores = reference.scores(window);
        return score.setConfidencePsi(scores.confidence()).setClassPsi(scores.classes())
                .setStatus(scores.max() > config.threshold() ? DriftStatus.DRIFTED : DriftStatus.STABLE)
                .build();
    }
}
