package io.digitstream.model;

/**
 * Reads each image at its four quarter turns and combines the four readings: the normalized geometric mean of
 * their probabilities. Only for models trained on images at every angle ({@link TrainingParameters#rotatedOnly()}),
 * to which a turned image is just another image of the same digit: their mistakes at one angle are partly not
 * made at another, so the combined reading is right more often, for four times the inference. Quarter turns of
 * the 28x28 grid move pixels exactly; other angles would resample and blur them (measured worse).
 */
public final class QuarterTurnReading implements InferenceEngine {

    static final int TURNS = 4;
    private static final int SIDE = 28;
    /** Keeps a probability the engine rounded to 0 from making the logarithm minus infinity. */
    private static final double FLOOR = 1e-9;

    private final InferenceEngine engine;

    public QuarterTurnReading(InferenceEngine engine) {
        this.engine = engine;
    }

    /** The engine that reads each turn. */
    public InferenceEngine engine() {
        return engine;
    }

    @Override
    public float[][] classify(float[][] inputs) {
        float[][] turned = new float[inputs.length * TURNS][];
        for (int i = 0; i < inputs.length; i++) {
            float[] image = inputs[i];
            for (int t = 0; t < TURNS; t++) {
                turned[i * TURNS + t] = image;
                image = quarterTurn(image);
            }
        }
        float[][] readings = engine.classify(turned);
        float[][] combined = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            combined[i] = geometricMean(readings, i * TURNS);
        }
        return combined;
    }

    private static float[] geometricMean(float[][] readings, int from) {
        int classes = readings[from].length;
        double[] logSum = new double[classes];
        for (int t = 0; t < TURNS; t++) {
            for (int c = 0; c < classes; c++) {
                logSum[c] += Math.log(Math.max(FLOOR, readings[from + t][c]));
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logSum) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] p = new double[classes];
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp((logSum[c] - max) / TURNS);
            total += p[c];
        }
        float[] out = new float[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = (float) (p[c] / total);
        }
        return out;
    }

    /** The 28x28 image turned 90 degrees clockwise. */
    static float[] quarterTurn(float[] image) {
        if (image.length != SIDE * SIDE) {
            throw new IllegalArgumentException("a model input has " + SIDE * SIDE + " values, not " + image.length);
        }
        float[] out = new float[image.length];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                out[x * SIDE + (SIDE - 1 - y)] = image[y * SIDE + x];
            }
        }
        return out;
    }

    @Override
    public InferenceEngine copy() {
        return new QuarterTurnReading(engine.copy());
    }

    /** The model's own version: the reading is how that model is served, as the engine is. */
    @Override
    public String version() {
        return engine.version();
    }

    @Override
    public Calibration calibration() {
        return engine.calibration();
    }
}
