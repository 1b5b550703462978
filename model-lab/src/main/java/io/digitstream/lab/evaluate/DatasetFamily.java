package io.digitstream.lab.evaluate;

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
    /** Made by separately written code from MNIST test, but of a kind a training family (form-field) also covers. */
    TRAINED_KIND("other code, trained kind", "made by code training never uses, of a kind the form-field training"
            + " variant covers (tight crops, stretched, binarized, low resolution): evidence, not a claim of generalisation"),
    /** Never used by training, made by nobody's code in this project. */
    INDEPENDENT("independent", "images training never used, not made by this project's generators");

    /** Sets whose kind the form-field training variant imitates, though none of its code or images. */
    private static final java.util.Set<String> TRAINED_KINDS = java.util.Set.of("tight", "tight-margin", "boxed",
            "stretched", "stretched-margin", "binarized", "binarized-margin", "binarized-blur", "binarized-blur-margin",
            "binarized-28", "binarized-28-margin", "lowres16", "lowres16-margin", "lowres16-28", "lowres16-28-margin",
            "tight-28", "tight-28-margin", "stretched-28", "stretched-28-margin");

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
        if (set.family() == EvaluationSet.Family.OWN) {
            return OWN_GENERATOR;
        }
        return TRAINED_KINDS.contains(dataset) ? TRAINED_KIND : INDEPENDENT;
    }
}
