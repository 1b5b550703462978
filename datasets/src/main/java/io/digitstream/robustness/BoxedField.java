package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * {@code boxed}: the {@code tight} crop inside the printed box of its form field, cut out with the box. Paper of 0 to
 * 15% of the crop's longer side lies between digit and box on each side; the line is 1 to 3 pixels thick, gray to
 * black, with 0 to 3 pixels of paper outside it; one field in five is cut through its box, so that one side's line
 * (a random one) is missing.
 */
final class BoxedField {

    private BoxedField() {
    }

    static InkImage of(InkImage crop, SplittableRandom random) {
        int longer = Math.max(crop.width(), crop.height());
        int inside = random.nextInt((int) (0.15 * longer) + 1);
        int thickness = 1 + random.nextInt(3);
        int outside = random.nextInt(4);
        int lineInk = 150 + random.nextInt(106);
        int missing = random.nextInt(5) == 0 ? random.nextInt(4) : -1; // top, bottom, left, right
        int edge = inside + thickness + outside;
        int width = crop.width() + 2 * edge;
        int height = crop.height() + 2 * edge;
        byte[] ink = new byte[width * height];
        for (int y = 0; y < crop.height(); y++) {
            System.arraycopy(crop.ink(), y * crop.width(), ink, (y + edge) * width + edge, crop.width());
        }
        for (int y = outside; y < height - outside; y++) {
            for (int x = outside; x < width - outside; x++) {
                boolean top = y < outside + thickness && missing != 0;
                boolean bottom = y >= height - outside - thickness && missing != 1;
                boolean left = x < outside + thickness && missing != 2;
                boolean right = x >= width - outside - thickness && missing != 3;
                if (top || bottom || left || right) {
                    ink[y * width + x] = (byte) lineInk;
                }
            }
        }
        return new InkImage(width, height, ink);
    }
}
