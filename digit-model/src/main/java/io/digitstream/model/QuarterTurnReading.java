package io.digitstream.model;

/**
 * Reads each image at its four quarter turns and combines the four readings: the normalized geometric mean of
 * their probabilities. Only for models trained on images at every angle ({@link TrainingParameters#rotatedOnly()}),
 * to which a turned image is just another image of the same digit: their mistakes at one angle are partly not
 * made at another, so the combined reading is right more often, for four times the inference. Quarter turns of
 * the 28x28 grid move pixels exactly; other angles would resample and blur them (measured worse).
 */
public final class QuarterTurnReading extends RepeatedReading {

    static final int TURNS = 4;

    public QuarterTurnReading(InferenceEngine engine) {
        super(engine);
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
        float[][] readings = engine().classify(turned);
        float[][] combined = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            combined[i] = Readings.geometricMean(readings, i * TURNS, TURNS);
        }
        return combined;
    }

    /** The 28x28 image turned 90 degrees clockwise. */
    static float[] quarterTurn(float[] image) {
        float[] out = new float[requireModelInput(image).length];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                out[x * SIDE + (SIDE - 1 - y)] = image[y * SIDE + x];
            }
        }
        return out;
    }

    @Override
    public InferenceEngine copy() {
        return new QuarterTurnReading(engine().copy());
    }
}
