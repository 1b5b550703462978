package io.digitstream.classifier.metrics;

import io.digitstream.schemas.Prediction;

/**
 * Sees each prediction together with the 28x28 model input it was made from, as the classifier makes it. Called on
 * stream threads in the classify path, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface ClassificationListener {

    ClassificationListener NONE = (prediction, modelInput) -> { };

    /** @param modelInput 784 floats in 0..1, light ink on dark, row-major (do not modify) */
    void classified(Prediction prediction, float[] modelInput);
}
