package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * Where and how the digit lands on the page: its ink box scaled to 45..85% of the page height, rotated by up to
 * 12 degrees and sheared by up to 0.25 (handwriting leans), moved off centre, always whole on the page. Rendered by
 * bicubic sampling into ink coverage 0..1 per page pixel.
 */
final class DigitPlacement {
    private static final double EDGE = 2;

    private DigitPlacement() {
    }

    static double[] render(InkImage digit, int width, int height, SplittableRandom random) {
        InkBox box = InkBox.of(digit);
        double scale = ImageSeeds.uniform(random, 0.45, 0.85) * height / box.height();
        double angle = StrictMath.toRadians(ImageSeeds.uniform(random, -12, 12));
        double shear = ImageSeeds.uniform(random, -0.25, 0.25);
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        // Forward map of a digit offset (dx, dy) from the box centre: shear, scale, rotate.
        double a = scale * cos;
        double b = scale * (cos * shear - sin);
        double c = scale * sin;
        double d = scale * (sin * shear + cos);
        double halfW = box.width() / 2.0 + 1;
        double halfH = box.height() / 2.0 + 1;
        double extentX = Math.abs(a) * halfW + Math.abs(b) * halfH;
        double extentY = Math.abs(c) * halfW + Math.abs(d) * halfH;
        double fit = Math.min(1, Math.min((width / 2.0 - EDGE) / extentX, (height / 2.0 - EDGE) / extentY));
        a *= fit;
        b *= fit;
        c *= fit;
        d *= fit;
        extentX *= fit;
        extentY *= fit;
        double centreX = width / 2.0 + ImageSeeds.uniform(random, -1, 1) * Math.max(0, width / 2.0 - EDGE - extentX);
        double centreY = height / 2.0 + ImageSeeds.uniform(random, -1, 1) * Math.max(0, height / 2.0 - EDGE - extentY);
        double det = a * d - b * c;
        double boxCentreX = (box.left() + box.right()) / 2.0;
        double boxCentreY = (box.top() + box.bottom()) / 2.0;
        double[] ink = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double px = x + 0.5 - centreX;
                double py = y + 0.5 - centreY;
                double dx = (d * px - b * py) / det;
                double dy = (-c * px + a * py) / det;
                ink[y * width + x] = Bicubic.sample(digit, boxCentreX + dx, boxCentreY + dy) / 255.0;
            }
        }
        return ink;
    }
}
