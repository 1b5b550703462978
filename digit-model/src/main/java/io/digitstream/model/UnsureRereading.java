package io.digitstream.model;

import java.util.Arrays;

/**
 * Reads an image the network is unsure of (its top probability below a threshold) again, in a few transformed views,
 * and combines the first reading with theirs ({@link Readings#geometricMean}). A digit near the edge of what the
 * network learned is read more steadily by several readings whose small mistakes differ; a sure image, the vast
 * majority, costs one reading as before. Subclasses say which views.
 */
public abstract class UnsureRereading extends RepeatedReading {

    /** As a float, the probabilities' type: 0.9 as a double is above the float 0.9, which would count as below. */
    private final float unsureBelow;

    /** Re-reads the images whose top probability from {@code engine} is below {@code unsureBelow}. */
    protected UnsureRereading(InferenceEngine engine, double unsureBelow) {
        super(engine);
        this.unsureBelow = (float) unsureBelow;
    }

    /** The threshold this reading was made with, for {@link #copy()}. */
    protected final double unsureBelow() {
        return unsureBelow;
    }

    /** The further views of one 28x28 model input that an unsure image is read in, always as many. */
    protected abstract float[][] views(float[] image);

    @Override
    public final float[][] classify(float[][] inputs) {
        float[][] first = engine().classify(inputs);
        int[] unsure = new int[inputs.length];
        int n = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (first[i][Scores.argmax(first[i])] < unsureBelow) {
                unsure[n++] = i;
            }
        }
        if (n == 0) {
            return first;
        }
        float[][][] views = new float[n][][];
        for (int k = 0; k < n; k++) {
            views[k] = views(requireModelInput(inputs[unsure[k]]));
        }
        int extra = views[0].length;
        float[][] batch = new float[n * extra][];
        for (int k = 0; k < n; k++) {
            System.arraycopy(views[k], 0, batch, k * extra, extra);
        }
        float[][] again = engine().classify(batch);
        float[][] combined = Arrays.copyOf(first, first.length);
        float[][] readings = new float[extra + 1][];
        for (int k = 0; k < n; k++) {
            readings[0] = first[unsure[k]];
            System.arraycopy(again, k * extra, readings, 1, extra);
            combined[unsure[k]] = Readings.geometricMean(readings, 0, extra + 1);
        }
        return combined;
    }
}
