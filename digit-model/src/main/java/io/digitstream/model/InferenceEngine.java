package io.digitstream.model;

/**
 * What the stream needs of a classifier: rows of 784 normalized floats in, rows of 10 softmax
 * probabilities out. {@link DigitModel} (DL4J) is the built-in engine; others come from an
 * {@link EngineProvider} (the {@code engine-onnx} module's ONNX Runtime engines). An instance need not
 * be thread-safe: each stream thread classifies with its own {@link #copy()}.
 */
public interface InferenceEngine {

    /** Softmax probabilities, one row of 10 per input row of 784 floats. */
    float[][] classify(float[][] inputs);

    /** An independent instance for one more thread. */
    InferenceEngine copy();

    /** The version written into each prediction ({@code Prediction.modelVersion}). */
    String version();

    /** The temperature scaling of the model it runs, from its metadata; {@link Calibration#NONE} when it has none. */
    default Calibration calibration() {
        return Calibration.NONE;
    }
}
