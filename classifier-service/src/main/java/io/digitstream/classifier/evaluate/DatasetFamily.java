package io.digitstream.classifier.evaluate;

import java.util.Map;

/**
 * Where an evaluation set's images come from, relative to what the shipped models were trained on: a claim of
 * generalisation may only rest on {@link #INDEPENDENT} sets. Known sets are listed explicitly, so a new dataset
 * has no family until someone decides it; {@code dir:PATH} folders are the user's own images.
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

    private static final Map<String, DatasetFamily> KNOWN = Map.of(
            "mnist-train", TRAINING_IMAGES,
            "mnist-test", HELD_OUT,
            "back-rand", OWN_GENERATOR,
            "back-image", OWN_GENERATOR,
            "rot", OWN_GENERATOR,
            "rot-back-image", OWN_GENERATOR,
            "notebook", OWN_GENERATOR);

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

    /** @throws IllegalArgumentException for a dataset whose family nobody has decided */
    public static DatasetFamily of(String dataset) {
        if (dataset.startsWith(Datasets.DIRECTORY_PREFIX)) {
            return INDEPENDENT;
        }
        DatasetFamily family = KNOWN.get(dataset);
        if (family == null) {
            throw new IllegalArgumentException("dataset '" + dataset + "' has no family (own generator or independent)"
                    + " in " + DatasetFamily.class.getSimpleName() + "; known: " + KNOWN.keySet());
        }
        return family;
    }
}
