package io.digitstream.model;

/**
 * Reads each image at its four quarter turns and combines the four readings: the normalized geometric mean of
 * their probabilities. Only for models trained on images at every angle ({@link TrainingParameters#rotatedOnly()}),
 * to which a turned image is just another image of the same digit: their mistakes at one angle are partly not
 * made at another, so the combined reading is right more often, for four times the inference. Quarter turns of
 * the 28x28 grid move pixels exactly; other angles would resample and blur them (measured worse).
 *
 * <p>A model trained also on images turned upright along their principal axis
 * ({@link TrainingParameters#axisShare()}) is read twice more, upright and upside down ({@link PrincipalAxis}); the
 * two readings count as much as the four quarter turns together. Upright, the digit is in one of the two poses that
 * model knows best, and its readings err differently from those at the quarter turns.
 */
public final class QuarterTurnReading extends RepeatedReading {

    static final int TURNS = 4;

    /** Upright along the principal axis, and turned half round. */
    static final int AXIS_VIEWS = 2;

    private final boolean axisViews;

    /** Reads at the four quarter turns only. */
    public QuarterTurnReading(InferenceEngine engine) {
        this(engine, false);
    }

    /** Reads at the four quarter turns and, if {@code axisViews}, upright along the principal axis both ways up. */
    public QuarterTurnReading(InferenceEngine engine, boolean axisViews) {
        super(engine);
        this.axisViews = axisViews;
    }

    /** Whether the image is also read upright along its principal axis. */
    public boolean axisViews() {
        return axisViews;
    }

    @Override
    public float[][] classify(float[][] inputs) {
        int views = axisViews ? TURNS + AXIS_VIEWS : TURNS;
        float[][] turned = new float[inputs.length * views][];
        for (int i = 0; i < inputs.length; i++) {
            float[] image = inputs[i];
            for (int t = 0; t < TURNS; t++) {
                turned[i * views + t] = image;
                image = quarterTurn(image);
            }
            if (axisViews) {
                float[] upright = PrincipalAxis.upright(inputs[i]);
                turned[i * views + TURNS] = upright;
                turned[i * views + TURNS + 1] = quarterTurn(quarterTurn(upright));
            }
        }
        float[][] readings = engine().classify(turned);
        float[][] combined = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            float[] atQuarterTurns = Readings.geometricMean(readings, i * views, TURNS);
            combined[i] = axisViews
                    ? Readings.geometricMean(new float[][] {atQuarterTurns,
                            Readings.geometricMean(readings, i * views + TURNS, AXIS_VIEWS)}, 0, 2)
                    : atQuarterTurns;
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
        return new QuarterTurnReading(engine().copy(), axisViews);
    }
}
