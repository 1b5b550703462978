package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * How a phone or desk lamp lights the page: overall exposure, a gradient from one side, vignetting, sometimes the
 * soft shadow of a hand or phone across part of it, sometimes a warm or cool colour cast.
 */
final class Lighting {

    private Lighting() {
    }

    static void apply(RgbImage page, SplittableRandom random) {
        int w = page.width;
        int h = page.height;
        double exposure = ImageSeeds.uniform(random, 0.78, 1.06);
        double gradientAngle = random.nextDouble() * 2 * StrictMath.PI;
        double gradient = ImageSeeds.uniform(random, 0, 0.35);
        double gx = StrictMath.cos(gradientAngle);
        double gy = StrictMath.sin(gradientAngle);
        double vignette = ImageSeeds.uniform(random, 0, 0.35);
        boolean shadow = random.nextDouble() < 0.35;
        double shadowAngle = random.nextDouble() * 2 * StrictMath.PI;
        double shadowX = random.nextDouble() * w;
        double shadowY = random.nextDouble() * h;
        double shadowSoftness = ImageSeeds.uniform(random, 1.5, 10);
        double shadowDepth = ImageSeeds.uniform(random, 0.15, 0.4);
        double[] cast = {1, 1, 1};
        double castKind = random.nextDouble();
        if (castKind < 0.3) {
            cast = new double[] {1, ImageSeeds.uniform(random, 0.92, 1), ImageSeeds.uniform(random, 0.78, 0.95)};
        } else if (castKind < 0.45) {
            cast = new double[] {ImageSeeds.uniform(random, 0.88, 0.97), ImageSeeds.uniform(random, 0.95, 1), 1};
        }
        double radius = Math.hypot(w / 2.0, h / 2.0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double nx = (x + 0.5) / w - 0.5;
                double ny = (y + 0.5) / h - 0.5;
                double light = exposure * (1 + gradient * (gx * nx + gy * ny));
                double r = Math.hypot(x + 0.5 - w / 2.0, y + 0.5 - h / 2.0) / radius;
                light *= 1 - vignette * r * r;
                if (shadow) {
                    double side = (x - shadowX) * StrictMath.cos(shadowAngle) + (y - shadowY) * StrictMath.sin(shadowAngle);
                    light *= 1 - shadowDepth / (1 + StrictMath.exp(-side / shadowSoftness));
                }
                int i = y * w + x;
                for (int c = 0; c < 3; c++) {
                    page.channels[c][i] *= light * cast[c];
                }
            }
        }
    }
}
