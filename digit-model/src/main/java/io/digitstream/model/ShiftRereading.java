package io.digitstream.model;

import java.util.Arrays;

/**
 * Reads an image the network is unsure of (its top probability below a threshold) again, moved by one pixel up,
 * down, left and right, and combines the five readings ({@link Readings#geometricMean}). A digit near the edge of what
 * the network learned is read more steadily by several readings whose small mistakes differ; a sure image, the vast
 * majority, costs one reading as before. The moves are exact (pixels copied, background shifted in), so nothing is
 * resampled. Over a {@link QuarterTurnReading}, each of the five readings is itself four.
 */
public final class ShiftRereading extends RepeatedReading {

    /** (dx, dy) of each extra reading. */
    static final int[][] SHIFTS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

    /** As a float, the probabilities' type: 0.9 as a double is above the float 0.9, which would count as below. */
    private final float unsureBelow;

    /** Re-reads the images whose top probability from {@code engine} is below {@code unsureBelow}. */
    public ShiftRereading(InferenceEngine engine, double unsureBelow) {
        super(engine);
        this.unsureBelow = (float) unsureBelow;
    }

    @Override
    public float[][] classify(float[][] inputs) {
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
        int views = SHIFTS.length + 1;
        float[][] batch = new float[n * SHIFTS.length][];
        for (int k = 0; k < n; k++) {
            for (int s = 0; s < SHIFTS.length; s++) {
                batch[k * SHIFTS.length + s] = shift(inputs[unsure[k]], SHIFTS[s][0], SHIFTS[s][1]);
            }
        }
        float[][] shifted = engine().classify(batch);
        float[][] combined = Arrays.copyOf(first, first.length);
        float[][] readings = new float[views][];
        for (int k = 0; k < n; k++) {
            readings[0] = first[unsure[k]];
            System.arraycopy(shifted, k * SHIFTS.length, readings, 1, SHIFTS.length);
            combined[unsure[k]] = Readings.geometricMean(readings, 0, views);
        }
        return combined;
    }

    /** The 28x28 image moved by (dx, dy) pixels; what moves out is dropped, background (0) moves in. */
    static float[] shift(float[] image, int dx, int dy) {
        float[] out = new float[requireModelInput(image).length];
        for (int y = Math.max(0, dy); y < Math.min(SIDE, SIDE + dy); y++) {
            int fromX = Math.max(0, -dx);
            int toX = Math.max(0, dx);
            int width = SIDE - Math.abs(dx);
            System.arraycopy(image, (y - dy) * SIDE + fromX, out, y * SIDE + toX, width);
        }
        return out;
    }

    @Override
    public InferenceEngine copy() {
        return new ShiftRereading(engine().copy(), unsureBelow);
    }
}
