package io.digitstream.model.image;

import java.util.Arrays;

/**
 * The corners that turning a crop leaves empty, inside its own frame or on a canvas grown to hold it, filled with
 * black as OpenCV's {@code warpAffine} and Pillow's {@code rotate} fill them by default (a field deskewed on its own,
 * an image turned by another tool): painted with the paper beside them before polarity. Left, the dark wedges along
 * every side read as a dark frame, and the paper came out as ink.
 *
 * <p>A crop turned by an angle about its centre leaves exactly the pixels whose source lies outside the frame, so each
 * angle, with the canvas kept or grown, predicts where the fill lies. The largest angle (up to {@link #MAX_DEGREES}
 * either way) whose predicted fill lies at the level of the four corners ({@link #FILL_SHARE} of it) is the turn,
 * provided the opposite turn does not explain the image as well (a dark field all round fits every angle both ways)
 * and the frame just inside the fill is mostly paper. The digit's ink may touch the fill anywhere: it lies inside the frame, where no angle looks.
 */
final class TurnedCorners {

    /** The largest turn sought, either way. */
    static final double MAX_DEGREES = 15;
    /** The step between the angles tried. */
    static final double STEP_DEGREES = 0.25;
    /** The fill is painted to half a pixel inside the frame's edge, where samplers blend the two. */
    static final double PAINT_MARGIN = -0.5;
    /** How many rows in from the edges the runs of fill at the corners are read. */
    static final int RUN_DEPTH = 2;
    /** How far below the largest fitting angle the turn is sought. */
    static final double OVERSHOOT_DEGREES = 2.5;
    /** The least number of pixels an angle's fill must hold surely (a pixel clear of the frame's edge): a trace. */
    static final int LEAST_FILL = 8;
    /**
     * The share of an angle's sure fill that must lie at the corners' level. A crop saved as JPEG rings along the
     * fill's edge: 1,000 `tight` crops turned 8 degrees and saved as JPEG, 51 errors at 98%, 18 at 95% (10 as PNG).
     */
    static final double FILL_SHARE = 0.95;
    /**
     * The least sure fill at which an angle whose fill is off the corners' level ends the search. The smallest angles'
     * fills hold 8 to 20 pixels, where a pixel or two of JPEG's ringing fall below {@link #FILL_SHARE}; a larger angle's
     * fill holds theirs and judges it. The same JPEG crops: 18 errors at 8 pixels, 15 at 16, 9 at 20, 24 and 48.
     */
    static final int JUDGED_FILL = 24;
    /** The share of the frame's edge just inside the fill, beside it, that must be paper, far from the fill's level. */
    static final double PAPER_SHARE = 0.5;
    /** The share of the image lighter than the fill by {@link FieldBox#CONTRAST}, at least: paper round the digit. */
    static final double LIGHT_SHARE = 0.25;
    /** The opposite turn's angle must stay below this share of the turn's. */
    static final double OPPOSITE_SHARE = 0.5;

    private TurnedCorners() {
    }

    /**
     * A turn by {@code degrees} (the sign tells which way), inside the crop's own frame or onto a canvas {@code grown}
     * to hold all of it (Pillow's {@code expand=True}), the level of its fill and the paper beside it.
     */
    record Turn(double degrees, boolean grown, float fill, float paper) {
    }

    static GrayImage erase(GrayImage image) {
        // a strip no wider than the rows read in from each corner has no corners to judge
        if (Math.max(image.width(), image.height()) < FieldBox.SMALLEST
                || Math.min(image.width(), image.height()) <= 2 * RUN_DEPTH) {
            return image;
        }
        Turn turn = turn(image);
        if (turn == null) {
            return image;
        }
        float[] out = image.pixels().clone();
        Source source = new Source(image, turn.degrees(), turn.grown());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (source.outside(x, y, PAINT_MARGIN)) { // samplers blend the frame's edge with the fill
                    out[y * image.width() + x] = turn.paper();
                }
            }
        }
        return new GrayImage(image.width(), image.height(), out);
    }

    /** The turn that left the image's corners empty, or null. */
    static Turn turn(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] corners = {image.get(0, 0), image.get(w - 1, 0), image.get(0, h - 1), image.get(w - 1, h - 1)};
        float fill = FieldBox.median(corners);
        if (FieldBox.share(corners, fill) < 1 || brighterShare(image, fill + FieldBox.CONTRAST) < LIGHT_SHARE
                || !shortRunAtEveryCorner(image, fill)) {
            return null; // not dark corners on light paper: let go before the angles are tried
        }
        Turn turn = null;
        for (boolean grown : new boolean[] {false, true}) {
            double clockwise = largestAngle(image, fill, 1, grown);
            double counter = largestAngle(image, fill, -1, grown);
            double degrees = clockwise >= counter ? clockwise : -counter;
            if (degrees == 0 || !oneWay(clockwise, counter)) {
                continue;
            }
            // The sure fill keeps a pixel clear of the frame's edge, so the largest angle can overshoot the turn: the
            // largest a little below it with paper beside its fill is the turn.
            for (double back = 0; back <= OVERSHOOT_DEGREES && back < Math.abs(degrees); back += STEP_DEGREES) {
                double tried = degrees - Math.signum(degrees) * back;
                Turn found = besidePaper(image, tried, grown, fill);
                if (found != null) {
                    if (turn == null || leftOnTheEdge(image, found) < leftOnTheEdge(image, turn)) {
                        turn = found;
                    }
                    break;
                }
            }
        }
        return turn;
    }

    /**
     * Whether the largest angles found turning each way tell one way: the other stays under {@link #OPPOSITE_SHARE} of
     * it (a dark field all round fits every angle both ways).
     */
    static boolean oneWay(double clockwise, double counter) {
        return Math.min(clockwise, counter) < OPPOSITE_SHARE * Math.max(clockwise, counter);
    }

    /**
     * The pixels along the image's edge still at the fill's level once {@code turn}'s fill is painted: of two
     * geometries that fit, the true one leaves the fewest (a kept frame's thin wedges also fit inside a grown canvas's
     * long ones, and leave most of them).
     */
    private static int leftOnTheEdge(GrayImage image, Turn turn) {
        Source source = new Source(image, turn.degrees(), turn.grown());
        int w = image.width();
        int h = image.height();
        int left = 0;
        for (int x = 0; x < w; x++) {
            left += leftAt(image, source, turn.fill(), x, 0) + leftAt(image, source, turn.fill(), x, h - 1);
        }
        for (int y = 1; y < h - 1; y++) {
            left += leftAt(image, source, turn.fill(), 0, y) + leftAt(image, source, turn.fill(), w - 1, y);
        }
        return left;
    }

    private static int leftAt(GrayImage image, Source source, float fill, int x, int y) {
        boolean atFill = Math.abs(image.get(x, y) - fill) <= FieldBox.SAME_LEVEL;
        return atFill && !source.outside(x, y, PAINT_MARGIN) ? 1 : 0;
    }

    /**
     * The turn, if paper lies beside its fill: the frame's edge just inside it, along the fill, is mostly far from the
     * fill's level and lighter. (A grown canvas holds a kept frame's thin wedges, and the other way round; the wrong
     * geometry's fill ends inside the true fill.)
     */
    private static Turn besidePaper(GrayImage image, double degrees, boolean grown, float fill) {
        int w = image.width();
        int h = image.height();
        Source source = new Source(image, degrees, grown);
        boolean[] sure = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                sure[y * w + x] = source.outside(x, y, 1);
            }
        }
        float[] ring = new float[w * h];
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!source.outside(x, y, 0) && source.outside(x, y, -1.5) && nearSure(sure, w, h, x, y)) {
                    ring[n++] = image.get(x, y);
                }
            }
        }
        float[] far = farFrom(Arrays.copyOf(ring, n), fill);
        if (n == 0 || far.length < PAPER_SHARE * n) {
            return null;
        }
        float paper = FieldBox.median(far);
        return paper > fill ? new Turn(degrees, grown, fill, paper) : null; // light fill on paper is paper already
    }

    /**
     * The largest angle, turning one way ({@code sign}), whose sure fill lies at {@code fill}; 0 if none. Angles are
     * tried from the smallest up, to the first that fails: a larger turn's fill holds a smaller one's. Only a band
     * along the edges can be fill.
     */
    private static double largestAngle(GrayImage image, float fill, int sign, boolean grown) {
        int w = image.width();
        int h = image.height();
        double largest = 0;
        for (double degrees = STEP_DEGREES; degrees <= MAX_DEGREES + 1e-9; degrees += STEP_DEGREES) {
            Source source = new Source(image, sign * degrees, grown);
            int band = (int) Math.ceil(Math.max(w, h) * Math.sin(Math.toRadians(degrees))) + 2;
            int sure = 0;
            int atFill = 0;
            for (int y = 0; y < h; y++) {
                boolean edgeRow = y < band || y >= h - band;
                for (int x = 0; x < w; x++) {
                    if (!edgeRow && x == band) {
                        x = Math.max(x, w - band); // skip the middle of the row: no fill there
                    }
                    if (source.outside(x, y, 1)) {
                        sure++;
                        atFill += Math.abs(image.get(x, y) - fill) <= FieldBox.SAME_LEVEL ? 1 : 0;
                    }
                }
            }
            Verdict verdict = verdict(sure, atFill);
            if (verdict == Verdict.ENDS) {
                break;
            }
            if (verdict == Verdict.FITS) {
                largest = degrees;
            }
        }
        return largest;
    }

    /** What an angle's sure fill says of it. */
    enum Verdict {
        /** The fill lies at the corners' level: the turn is this large at least. */
        FITS,
        /** Too little fill to tell, either way: the next angle's judges. */
        TOO_SMALL,
        /** Enough fill off the corners' level: no larger angle fits. */
        ENDS
    }

    /** The verdict on an angle whose sure fill holds {@code sure} pixels, {@code atFill} of them at the fill's level. */
    static Verdict verdict(int sure, int atFill) {
        if (sure < LEAST_FILL) {
            return Verdict.TOO_SMALL;
        }
        if (atFill >= FILL_SHARE * sure) {
            return Verdict.FITS;
        }
        return sure < JUDGED_FILL ? Verdict.TOO_SMALL : Verdict.ENDS;
    }

    /**
     * Whether, at every corner, the fill's level runs along at least one of its two sides no further than the largest
     * turn's wedge reaches: a page with paper all round, whose corners are one level too, is let go at once.
     */
    private static boolean shortRunAtEveryCorner(GrayImage image, float fill) {
        int w = image.width();
        int h = image.height();
        int reach = (int) Math.ceil(Math.max(w, h) * Math.tan(Math.toRadians(MAX_DEGREES))) + 2;
        int in = RUN_DEPTH; // a grown canvas's outermost rows are fill from end to end, its edge blended
        int[][] corners = {{in, in, 1, 1}, {w - 1 - in, in, -1, 1}, {in, h - 1 - in, 1, -1},
            {w - 1 - in, h - 1 - in, -1, -1}};
        for (int[] c : corners) {
            int along = 0;
            while (along < w - in && Math.abs(image.get(c[0] + c[2] * along, c[1]) - fill) <= FieldBox.SAME_LEVEL) {
                along++;
            }
            int down = 0;
            while (down < h - in && Math.abs(image.get(c[0], c[1] + c[3] * down) - fill) <= FieldBox.SAME_LEVEL) {
                down++;
            }
            if (Math.min(along, down) > reach) {
                return false;
            }
        }
        return true;
    }

    private static double brighterShare(GrayImage image, float level) {
        int brighter = 0;
        for (float v : image.pixels()) {
            brighter += v >= level ? 1 : 0;
        }
        return (double) brighter / image.pixels().length;
    }

    private static boolean nearSure(boolean[] sure, int w, int h, int x, int y) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < w && yy < h && sure[yy * w + xx]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static float[] farFrom(float[] pixels, float level) {
        float[] far = new float[pixels.length];
        int n = 0;
        for (float v : pixels) {
            if (Math.abs(v - level) >= FieldBox.CONTRAST) {
                far[n++] = v;
            }
        }
        return Arrays.copyOf(far, n);
    }

    /**
     * Where each pixel of an image turned by an angle about its centre came from: a source the image's own size, or,
     * on a grown canvas, the source whose turned bounding box the canvas is.
     */
    private static final class Source {
        private final double cos;
        private final double sin;
        private final double canvasX;
        private final double canvasY;
        private final double width;
        private final double height;

        Source(GrayImage image, double degrees, boolean grown) {
            cos = Math.cos(Math.toRadians(degrees));
            sin = Math.sin(Math.toRadians(degrees));
            canvasX = (image.width() - 1) / 2.0;
            canvasY = (image.height() - 1) / 2.0;
            if (grown) { // W = w|cos| + h|sin| and H = w|sin| + h|cos|, solved for w and h
                double c = Math.abs(cos);
                double s = Math.abs(sin);
                width = (image.width() * c - image.height() * s) / (c * c - s * s);
                height = (image.height() * c - image.width() * s) / (c * c - s * s);
            } else {
                width = image.width();
                height = image.height();
            }
        }

        /** Whether pixel (x, y) came from over {@code margin} pixels outside the frame (a negative margin: inside). */
        boolean outside(int x, int y, double margin) {
            double sx = cos * (x - canvasX) + sin * (y - canvasY) + (width - 1) / 2.0;
            double sy = -sin * (x - canvasX) + cos * (y - canvasY) + (height - 1) / 2.0;
            return sx < -margin || sy < -margin || sx > width - 1 + margin || sy > height - 1 + margin;
        }
    }
}
