package io.digitstream.model.image;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;

/**
 * The per-record image path the stream runs before the model: decode and validate (any size, color to
 * gray), read the frame as the scanner left it ({@link DenoiseStage#beforePolarity}: a coarse image enlarged, a
 * field's box and an edge band painted over), bring the ink to the MNIST polarity, denoise ({@link DenoiseStage}), normalize to 28x28. {@code train} and {@code evaluate} use it too, so the model
 * always sees exactly what the stream will feed it.
 */
public final class ImagePipeline {

    private final ImageDecoder decoder;
    private final Preprocessing preprocessing;

    public ImagePipeline(ImageLimits limits) {
        this(limits, Preprocessing.DENOISE);
    }

    public ImagePipeline(ImageLimits limits, Preprocessing preprocessing) {
        this.decoder = new ImageDecoder(limits);
        this.preprocessing = preprocessing;
    }

    public static ImagePipeline withDefaults() {
        return new ImagePipeline(ImageLimits.DEFAULT);
    }

    /** The model input for one image: 784 floats in 0..1, row-major 28x28, light ink on dark. */
    public float[] modelInput(DigitImage image) throws RejectedImageException {
        GrayImage decoded;
        try {
            decoded = decoder.decode(image);
        } catch (RuntimeException e) { // a bug must dead-letter its record, not stop the stream on it
            throw new RejectedImageException(FailureStage.DECODE, "decoder failed: " + e, e);
        }
        try {
            return normalize(decoded, preprocessing);
        } catch (RuntimeException e) {
            throw new RejectedImageException(FailureStage.NORMALIZE, "normalization failed: " + e, e);
        }
    }

    /**
     * The decoded pixels this image will cost the stage (after reduction to the pixel budget), read from
     * its declared dimensions: 0 for an image refused before decoding. What a micro-batch adds up.
     */
    public long decodedPixels(DigitImage image) {
        return decoder.limits().decodedPixels(image.getWidth(), image.getHeight());
    }

    public GrayImage decode(DigitImage image) throws RejectedImageException {
        return decoder.decode(image);
    }

    public static float[] normalize(GrayImage decoded) throws RejectedImageException {
        return normalize(decoded, Preprocessing.DENOISE);
    }

    public static float[] normalize(GrayImage decoded, Preprocessing preprocessing) throws RejectedImageException {
        return preprocessing.modelInput(DenoiseStage.beforePolarity(decoded, null));
    }
}
