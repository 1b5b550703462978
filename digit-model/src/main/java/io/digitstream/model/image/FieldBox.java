package io.digitstream.model.image;

import java.util.Arrays;

/**
 * A form field cropped with its printed box: thin straight lines along three or four sides, paper inside them. The
 * box is painted over with that paper before polarity, which would otherwise take the line all round for the frame of
 * a light-on-dark image and the paper for ink.
 *
 * <p>A side's line is a band of rows (or columns) from the edge, or after a little paper outside the box, each row
 * lying at one level (most of its pixels near its median) far from the paper just inside, which may be crossed by a
 * digit touching the box. A digit's own strokes along the edges of a tight crop rarely pass: a stroke filling a whole
 * row is bolder than a line, and three such sides at one level make a box, not a digit.
 */
final class FieldBox {

    /** Pixels within this many levels of a row's median lie at its level. */
    static final float SAME_LEVEL = 24f;
    /** The share of a line's row at its level (the rest: paper outside the box at both ends). */
    static final double LINE_SHARE = 0.75;
    /** The share of the row inside a line at the paper's level (the rest may be the digit touching the box). */
    static final double PAPER_SHARE = 0.5;
    /** Rows inside a line that must be paper, at least half of each. */
    static final int PAPER_ROWS = 2;
    /** How far a line's level lies from the paper's, at least. */
    static final float CONTRAST = 64f;
    /** Images whose longer side is shorter are left alone: MNIST's format and its 28x28 crops have rules of their own. */
    static final int SMALLEST = 32;
    /** The sides that make a box. */
    static final int SIDES = 3;

    private FieldBox() {
    }

    /** A band of {@code thickness} lines starting {@code depth} rows in from one side, and the paper inside it. */
    record Line(int depth, int thickness, float level, float paper) {
    }

    static GrayImage erase(GrayImage image) {
        int width = image.width();
        int height = image.height();
        if (Math.max(width, height) < SMALLEST) {
            return image;
        }
        Line[] lines = new Line[4]; // top, bottom, left, right
        int found = 0;
        for (int side = 0; side < 4; side++) {
            lines[side] = line(image, side);
            if (lines[side] != null) {
                found++;
            }
        }
        if (found < SIDES || !oneBox(lines)) {
            return image;
        }
        float[] out = image.pixels().clone();
        for (int side = 0; side < 4; side++) {
            if (lines[side] != null) {
                paint(image, out, side, lines[side].depth() + lines[side].thickness(), lines[side].paper());
            }
        }
        return new GrayImage(width, height, out);
    }

    /** Sets the first {@code rows} rows from {@code side} of {@code out}, shaped as {@code image}, to {@code level}. */
    static void paint(GrayImage image, float[] out, int side, int rows, float level) {
        int along = side < 2 ? image.width() : image.height();
        for (int d = 0; d < rows; d++) {
            for (int t = 0; t < along; t++) {
                out[index(image.width(), image.height(), side, d, t)] = level;
            }
        }
    }

    /** Every line at one level, every paper inside at one level, on the same side of each other. */
    private static boolean oneBox(Line[] lines) {
        float minLevel = Float.MAX_VALUE;
        float maxLevel = -Float.MAX_VALUE;
        float minPaper = Float.MAX_VALUE;
        float maxPaper = -Float.MAX_VALUE;
        for (Line line : lines) {
            if (line != null) {
                minLevel = Math.min(minLevel, line.level());
                maxLevel = Math.max(maxLevel, line.level());
                minPaper = Math.min(minPaper, line.paper());
                maxPaper = Math.max(maxPaper, line.paper());
            }
        }
        return maxLevel - minLevel <= 2 * SAME_LEVEL && maxPaper - minPaper <= 2 * SAME_LEVEL
                && (maxLevel < minPaper || minLevel > maxPaper);
    }

    /**
     * The line along {@code side}, or null: bands of rows at one level from the edge in, the first thin one followed by
     * paper that lasts (rows at another level, at least half of each), the bands before it paper at that level too,
     * and the paper more of the image than the line's level (else the paper outside a box was taken for its line).
     * Thickness and the paper outside are limited by the image's longer side: a box is printed alike all round.
     */
    static Line line(GrayImage image, int side) {
        int across = side < 2 ? image.height() : image.width();
        int along = side < 2 ? image.width() : image.height();
        int longer = Math.max(across, along); // a box is printed alike on every side, whatever the field's shape
        int outsideLimit = Math.max(1, longer / 10);
        int thicknessLimit = Math.max(3, longer / 16);
        float[] row = new float[along];
        float outside = Float.NaN;
        int start = 0;
        while (start <= outsideLimit && start < across) { // a field thinner than the paper allowed outside a box
            read(image, side, start, row);
            float level = median(row);
            if (share(row, level) < LINE_SHARE) {
                return null; // neither paper outside a box nor a line
            }
            int end = start + 1;
            while (end < across) {
                read(image, side, end, row);
                if (share(row, level) < LINE_SHARE) {
                    break;
                }
                end++;
            }
            if (end - start <= thicknessLimit && end + thicknessLimit < across) {
                read(image, side, end, row);
                float paper = farMedian(row, level);
                if (Math.abs(paper - level) >= CONTRAST && lasts(image, side, end, PAPER_ROWS, paper, row)
                        && (Float.isNaN(outside) || Math.abs(outside - paper) <= SAME_LEVEL)
                        && share(image.pixels(), paper) > share(image.pixels(), level)) {
                    return new Line(start, end - start, level, paper);
                }
            }
            outside = level;
            start = end;
        }
        return null;
    }

    /** Whether {@code rows} rows from {@code depth} in each lie at least half at {@code paper}. */
    private static boolean lasts(GrayImage image, int side, int depth, int rows, float paper, float[] row) {
        for (int d = depth; d < depth + rows; d++) {
            read(image, side, d, row);
            if (share(row, paper) < PAPER_SHARE) {
                return false;
            }
        }
        return true;
    }

    /** Row {@code depth} from {@code side}, read along it. */
    static void read(GrayImage image, int side, int depth, float[] row) {
        for (int t = 0; t < row.length; t++) {
            row[t] = image.pixels()[index(image.width(), image.height(), side, depth, t)];
        }
    }

    /** The index of the pixel {@code t} along the row {@code depth} from {@code side}. */
    private static int index(int width, int height, int side, int depth, int t) {
        return switch (side) {
            case 0 -> depth * width + t;
            case 1 -> (height - 1 - depth) * width + t;
            case 2 -> t * width + depth;
            default -> t * width + width - 1 - depth;
        };
    }

    static float median(float[] row) {
        float[] sorted = row.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The median of the pixels of {@code row} far from {@code level}: the paper beside a line, not the line. */
    private static float farMedian(float[] row, float level) {
        float[] far = new float[row.length];
        int n = 0;
        for (float v : row) {
            if (Math.abs(v - level) > SAME_LEVEL) {
                far[n++] = v;
            }
        }
        if (n == 0) {
            return level;
        }
        float[] sorted = Arrays.copyOf(far, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }

    static double share(float[] row, float level) {
        int near = 0;
        for (float v : row) {
            if (Math.abs(v - level) <= SAME_LEVEL) {
                near++;
            }
        }
        return (double) near / row.length;
    }
}
