package io.digitstream.classifier.evaluate;

import io.digitstream.robustness.EvaluationSet;

/**
 * Where an evaluation set's images come from, relative to what the shipped models were trained on: a claim of
 * generalisation may only rest on {@link #INDEPENDENT} sets. A new built-in set has no family until
 * {@link EvaluationSet} lists it; {@code dir:PATH} folders are the user's own images.
 */
public enum DatasetFamily {
    /** The very images training used. */
    TRAINING_IMAGES("training images", "the images the models were trained on"),
    /** Unseen images of the source training used. */
    HELD_OUT("held-out test", "held-out test set of the training source (MNIST)"),
    /** Made by this project's generator, a variant in a shipped model's training mix. */
    OWN_GENERATOR("own generator", "a variant of this project's generator that a shipped model's training mix used"),
    /** Never used by training, made by nobody's code in this project. */
    INDEPENDENT("independent", "images training never used, not made by this project's generators");

    private final String label;
    private final String description;

    DatasetFamily(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The short name the robustness table shows. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /**
     * The family of a dataset name: the MNIST files by their role, every other built-in set as {@link EvaluationSet}
     * lists it, a {@code dir:PATH} folder as independent.
     *
     * @throws IllegalArgumentException for a dataset whose family nobody has decided
     */
    public static DatasetFamily of(String dataset) {
        if (dataset.startsWith(Datasets.DIRECTORY_PREFIX)) {
            return INDEPENDENT;
        }
        if (dataset.equals("mnist-train")) {
            return TRAINING_IMAGES;
        }
        if (dataset.equals("mnist-test")) {
            return HELD_OUT;
        }
        EvaluationSet set = EvaluationSet.byName(dataset).orElseThrow(() -> new IllegalArgumentException(
                "dataset '" + dataset + "' has no family (own generator or independent); known: " + Datasets.NAMES));
        return set.family() == EvaluationSet.Family.OWN ? OWN_GENERATOR : INDEPENDENT;
    }
}
