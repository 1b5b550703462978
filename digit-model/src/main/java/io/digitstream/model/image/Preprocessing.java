package io.digitstream.model.image;

/** How much clean-up runs before the model: the product runs all of it; the ablation also measures without. */
public enum Preprocessing {

    /** Polarity, the {@link DenoiseStage}, then MNIST normalization: what the stream runs. */
    DENOISE,
    /** Polarity and MNIST normalization only. */
    NORMALIZE_ONLY;

    /** The model input of an image as the scanner framed it ({@link DenoiseStage#beforePolarity}). */
    float[] modelInput(GrayImage framed) throws RejectedImageException {
        return this == DENOISE ? DenoiseStage.modelInputOfFramed(framed)
                : MnistNormalizer.normalize(InkPolarity.toLightInkOnDark(framed));
    }
}
