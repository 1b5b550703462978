package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * The second generator's ink: ballpoints, gel, felt tip and pencil in several colours. Ink filters the paper's light
 * (multiplied in per channel), so it darkens ruled lines too; pressure bends the stroke profile, and pencil leaves
 * grainy gaps.
 */
enum Pen {
    BALLPOINT_BLUE(25, 55, 170, 0.92, false),
    BALLPOINT_BLACK(35, 35, 42, 0.95, false),
    GEL_BLACK(12, 12, 18, 1.0, false),
    FELT_TIP_BLUE(20, 38, 120, 1.0, false),
    BALLPOINT_RED(185, 30, 45, 0.9, false),
    BALLPOINT_GREEN(25, 115, 65, 0.9, false),
    PENCIL(90, 90, 96, 0.8, true);

    private final double[] colour;
    private final double opacity;
    private final boolean grainy;

    Pen(double red, double green, double blue, double opacity, boolean grainy) {
        this.colour = new double[] {red, green, blue};
        this.opacity = opacity;
        this.grainy = grainy;
    }

    static Pen random(SplittableRandom random) {
        return values()[random.nextInt(values().length)];
    }

    /** @param ink the digit's coverage of each page pixel, 0..1 */
    void write(RgbImage page, double[] ink, SplittableRandom random) {
        double pressure = ImageSeeds.uniform(random, 0.6, 1.5);
        for (int i = 0; i < ink.length; i++) {
            if (ink[i] <= 0) {
                continue;
            }
            double alpha = opacity * StrictMath.pow(ink[i], pressure);
            if (grainy) {
                alpha *= 0.5 + 0.5 * random.nextDouble();
            }
            for (int c = 0; c < 3; c++) {
                page.channels[c][i] *= 1 - alpha + alpha * colour[c] / 255.0;
            }
        }
    }
}
