package io.digitstream.model.image;

/** How much clean-up runs before the model: the product runs all of it; the ablation also measures without. */
public enum Preprocessing {

    /** Polarity, the {@link DenoiseStage}, then MNIST normalization: what the stream runs. */
    DENOISE,
    /** Polarity and MNIST normalization only. */
    NORMALIZE_ONLY;

    float[] modelInput(GrayImage lightInkOnDark) throws RejectedImageException {
        return this == DENOISE ? DenoiseStage.modelInput(lightInkOnDark) : MnistNormalizer.normalize(lightInkOnDark);
    }
}
