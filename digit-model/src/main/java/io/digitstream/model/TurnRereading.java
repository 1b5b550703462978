package io.digitstream.model;

/**
 * For a model trained on digits at every angle: reads an image the network is unsure of again, turned by 45, 22.5
 * and -22.5 degrees, and combines the four readings ({@link UnsureRereading}). Such a network reads every angle, but
 * its mistakes at one angle are not its mistakes at another, while a move by a pixel changes little for it. On
 * 10,000 images a set (the shipped rotation model, float) it gave 239 errors on `rot` and 244 on `rot-b` where
 * rereading moved by a pixel gave 250 and 266 (docs/models.md, "Reading an unsure rotated digit at other angles").
 */
public final class TurnRereading extends UnsureRereading {

    /** The turns of the extra readings, in degrees, counter-clockwise. */
    static final double[] TURNS = {45, 22.5, -22.5};
    /** The centre the model input turns about: the middle of the 28x28 square, where normalization puts the digit. */
    private static final double CENTRE = (SIDE - 1) / 2.0;

    /** Re-reads the images whose top probability from {@code engine} is below {@code unsureBelow}. */
    public TurnRereading(InferenceEngine engine, double unsureBelow) {
        super(engine, unsureBelow);
    }

    @Override
    protected float[][] views(float[] image) {
        float[][] views = new float[TURNS.length][];
        for (int t = 0; t < TURNS.length; t++) {
            views[t] = turn(image, TURNS[t]);
        }
        return views;
    }

    /**
     * The 28x28 image turned by {@code degrees} about its centre, bilinear; what turns in from outside the square is
     * background (0). A quarter turn lands on whole pixels and is exact.
     */
    static float[] turn(float[] image, double degrees) {
        requireModelInput(image);
        double radians = Math.toRadians(degrees);
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        float[] out = new float[image.length];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                // the source of (x, y): turned back by the angle (y grows downwards)
                double sx = cos * (x - CENTRE) - sin * (y - CENTRE) + CENTRE;
                double sy = sin * (x - CENTRE) + cos * (y - CENTRE) + CENTRE;
                out[y * SIDE + x] = (float) bilinear(image, sx, sy);
            }
        }
        return out;
    }

    private static double bilinear(float[] image, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (1 - fy) * ((1 - fx) * pixel(image, x0, y0) + fx * pixel(image, x0 + 1, y0))
                + fy * ((1 - fx) * pixel(image, x0, y0 + 1) + fx * pixel(image, x0 + 1, y0 + 1));
    }

    private static float pixel(float[] image, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0f : image[y * SIDE + x];
    }

    @Override
    public InferenceEngine copy() {
        return new TurnRereading(engine().copy(), unsureBelow());
    }
}
