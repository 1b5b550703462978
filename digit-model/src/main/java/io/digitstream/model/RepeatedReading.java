package io.digitstream.model;

/**
 * How a model is read when one reading of an image is not the whole answer: the engine it wraps reads an image (or
 * some images) several times, transformed, and the readings are combined ({@link Readings}). It serves the wrapped
 * engine's model under that model's own version, and closes what the wrapped engine holds.
 */
public abstract class RepeatedReading implements InferenceEngine, AutoCloseable {

    /** The side of the square model input that the readings move pixels in. */
    static final int SIDE = 28;

    private final InferenceEngine engine;

    protected RepeatedReading(InferenceEngine engine) {
        this.engine = engine;
    }

    /** The engine that does each reading. */
    public final InferenceEngine engine() {
        return engine;
    }

    /** The engine that reads the images in the end: inside every repeated reading {@code engine} may wrap. */
    public static InferenceEngine innermost(InferenceEngine engine) {
        InferenceEngine reader = engine;
        while (reader instanceof RepeatedReading repeated) {
            reader = repeated.engine();
        }
        return reader;
    }

    /** The model's own version: the repeated reading is how that model is served, as the engine is. */
    @Override
    public final String version() {
        return engine.version();
    }

    @Override
    public final Calibration calibration() {
        return engine.calibration();
    }

    /** {@code image} if it is one 28x28 model input; a transform of anything else would scramble it. */
    static float[] requireModelInput(float[] image) {
        if (image.length != SIDE * SIDE) {
            throw new IllegalArgumentException("a model input has " + SIDE * SIDE + " values, not " + image.length);
        }
        return image;
    }

    @Override
    public void close() throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
