package io.digitstream.model;

/**
 * Turns a 28x28 model input about its centre of mass so that its principal axis of inertia (the direction its ink
 * spreads most, from the image's second moments) stands vertical, with the centre of mass moved to the middle.
 * A digit at any angle comes out upright or upside down, whichever is nearer, plus the small error of estimating the
 * axis: a model trained on such images sees two poses where a rotated stream shows it every angle. The turn is the
 * same for an image and its quarter turn (their axes differ by 90 degrees), so reading the upright image and its half
 * turn reads both alike, as {@link QuarterTurnReading} requires. A round digit's axis is poorly defined; reading it at
 * its quarter turns as well covers that.
 */
public final class PrincipalAxis {

    private static final int SIDE = RepeatedReading.SIDE;

    private PrincipalAxis() {
    }

    /** {@code image} turned upright along its principal axis (bilinear); a blank image is returned as a copy. */
    public static float[] upright(float[] image) {
        RepeatedReading.requireModelInput(image);
        // the zeroth, first and second moments in one pass; the central ones follow from them
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXx = 0;
        double sumYy = 0;
        double sumXy = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double v = image[y * SIDE + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
                sumXx += v * x * x;
                sumYy += v * y * y;
                sumXy += v * x * y;
            }
        }
        if (mass <= 0) {
            return image.clone();
        }
        double cx = sumX / mass;
        double cy = sumY / mass;
        double xx = sumXx - mass * cx * cx;
        double yy = sumYy - mass * cy * cy;
        double xy = sumXy - mass * cx * cy;
        // the axis's angle from the x axis (y pointing down), and the turn that brings it onto the y axis
        double axis = 0.5 * Math.atan2(2 * xy, xx - yy);
        double turn = Math.PI / 2 - axis;
        double cos = Math.cos(turn);
        double sin = Math.sin(turn);
        double middle = (SIDE - 1) / 2.0;
        float[] out = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                // each output pixel samples the source turned back about the centre of mass
                double u = x - middle;
                double w = y - middle;
                out[y * SIDE + x] = ModelInputSampler.bilinear(image, cos * u + sin * w + cx, -sin * u + cos * w + cy);
            }
        }
        return out;
    }
}
