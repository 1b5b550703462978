package io.digitstream.model;

/**
 * Reads an image the network is unsure of again, moved by one pixel up, down, left and right, and combines the five
 * readings ({@link UnsureRereading}). The moves are exact (pixels copied, background shifted in), so nothing is
 * resampled. Over a {@link QuarterTurnReading}, each of the five readings is itself four.
 */
public final class ShiftRereading extends UnsureRereading {

    /** (dx, dy) of each extra reading. */
    static final int[][] SHIFTS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

    /** Re-reads the images whose top probability from {@code engine} is below {@code unsureBelow}. */
    public ShiftRereading(InferenceEngine engine, double unsureBelow) {
        super(engine, unsureBelow);
    }

    @Override
    protected float[][] views(float[] image) {
        float[][] views = new float[SHIFTS.length][];
        for (int s = 0; s < SHIFTS.length; s++) {
            views[s] = shift(image, SHIFTS[s][0], SHIFTS[s][1]);
        }
        return views;
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
        return new ShiftRereading(engine().copy(), unsureBelow());
    }
}
