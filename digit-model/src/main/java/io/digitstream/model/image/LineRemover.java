package io.digitstream.model.image;

/**
 * Removes the ruled and grid lines of notebook paper (after background subtraction they are thin bright
 * bands). A row is a line when it crosses the whole image, edge to edge, and its median stands out from the typical
 * row's; a digit never does both. (The median, not the mean: on squared paper of a small pitch the columns raise
 * every row's mean to near a line's own level.) Line pixels are refilled by interpolating between the pixels just above and
 * below the band where a stroke crosses it, and cleared elsewhere, so strokes stay whole. Columns are
 * handled the same way on the transposed image. Lines are assumed axis-aligned (a flatbed scan or a
 * straightened photo), or tilted by a pixel across the page, half in one row and half in the next.
 */
public final class LineRemover {

    /** Part of the width a row must cover to be a line. */
    static final double SPAN = 0.75;
    /** How close (pixels) to both edges a row's bright pixels must come: a pen line runs off the page, a stroke stops short. */
    static final int END = 2;
    /** A band whose median stays under this share of the brightest ink is fainter than any stroke: a ruling. */
    static final double FAINT = 0.45;
    /** A band whose median reaches this share of the brightest ink is as strong as the ink itself. */
    static final double INK_LIKE = 0.75;
    /** Inner bands from which bands brighter than {@link #FAINT} are printed rulings, not a digit's bars. */
    static final int RULINGS = 2;
    /** Rows on either side of a band that count towards its level. */
    static final int NEIGHBOURS = 2;
    /** Part of the width a lone margin line as bright as ink runs at a ruling's strength (over {@link #FAINT}). */
    static final double MARGIN_LINE_SPAN = 0.9;
    /** The digit beside a margin line keeps clear of the frame by this fraction of the page's side. */
    static final int MARGIN_CLEARANCE = 16;
    /**
     * Ink within this many rows of a band's neighbour rows that goes on past them is a stroke joined to the band: a
     * tight crop's stem with its nose or its crossbar.
     */
    static final int JOINED = END + 1;

    private LineRemover() {
    }

    /**
     * Rows {@code top..bottom} of a line whose level is {@code floor} at least: above 0 for a ruling that steps between
     * two rows, each of which alone is half paper.
     */
    private record Band(int top, int bottom, float floor) {
    }

    public static GrayImage removeLines(GrayImage image) {
        GrayImage rowsDone = removeRows(image);
        return transpose(removeRows(transpose(rowsDone)));
    }

    static GrayImage removeRows(GrayImage image) {
        int w = image.width();
        int h = image.height();
        if (w < BackgroundModel.LIT_PAGE_MIN_SIDE || h < 8) {
            return image; // across a field this narrow a ruling cannot be told from a digit's bar (a 7's two)
        }
        float[] p = image.pixels();
        int brightest = Levels.percentile(Levels.histogram(p), 0.99);
        float lineLevel = Math.max(10f, 0.12f * brightest);
        float inkLevel = Math.max(24f, 0.5f * brightest);
        int[] count = new int[h];
        double[] mean = new double[h];
        double[] middle = new double[h]; // each row's median: the columns of squared paper cross every row's mean
        boolean[] reaches = new boolean[h];
        // A ruling tilted by a pixel over the page (a photograph) steps from one row to the next: in neither row alone
        // does it reach both edges, in the two together (their brighter pixel at each column) it does.
        int[] pairCount = new int[h];
        double[] pairMiddle = new double[h];
        boolean[] pairReaches = new boolean[h];
        int[] histogram = new int[256];
        float[] row = new float[w];
        for (int y = 0; y < h; y++) {
            double sum = 0;
            for (int x = 0; x < w; x++) {
                row[x] = p[y * w + x];
                sum += row[x];
            }
            mean[y] = sum / w;
            count[y] = Levels.countAbove(row, lineLevel);
            reaches[y] = reachesBothEdges(row, lineLevel);
            middle[y] = rowMedian(row, histogram);
            if (y + 1 < h) {
                for (int x = 0; x < w; x++) {
                    row[x] = Math.max(row[x], p[(y + 1) * w + x]);
                }
                pairCount[y] = Levels.countAbove(row, lineLevel);
                pairReaches[y] = reachesBothEdges(row, lineLevel);
                pairMiddle[y] = rowMedian(row, histogram);
            }
        }
        double typical = median(mean);
        double typicalMiddle = median(middle);
        // the brighter of two rows lifts noise too: a pair stands out only from the typical pair
        double typicalPairMiddle = median(java.util.Arrays.copyOf(pairMiddle, h - 1));
        boolean[] line = new boolean[h];
        for (int y = 0; y < h; y++) {
            line[y] = isLine(count[y], reaches[y], middle[y], typicalMiddle, w, lineLevel);
        }
        float[] out = p.clone();
        int maxThickness = Math.max(6, h / 8); // a blurred 2-px line with its halo
        java.util.List<Band> bands = new java.util.ArrayList<>();
        int y = 0;
        while (y < h) {
            boolean stepping = !line[y] && y + 1 < h && !line[y + 1]
                    && isLine(pairCount[y], pairReaches[y], pairMiddle[y], typicalPairMiddle, w, lineLevel);
            if (!line[y] && !stepping) {
                y++;
                continue;
            }
            int top = y;
            int bottom = stepping ? y + 1 : y;
            float floor = stepping ? (float) pairMiddle[y] : 0f;
            while (bottom + 1 < h && line[bottom + 1]) {
                bottom++;
            }
            y = bottom + 1;
            // a blurred line has a faint halo on either side; like the line it runs edge to edge, so a digit's
            // stroke lying along the line (which covers half the width but stops short of the ends) is not halo
            double halo = typical + 0.3 * (mean[top] - typical);
            while (top > 0 && count[top - 1] >= w / 2 && reaches[top - 1] && mean[top - 1] > halo) {
                top--;
            }
            while (bottom + 1 < h && count[bottom + 1] >= w / 2 && reaches[bottom + 1] && mean[bottom + 1] > halo) {
                bottom++;
            }
            if (bottom - top + 1 > maxThickness) {
                continue; // a thick band is not a pen line: leave it to stroke selection
            }
            bands.add(new Band(top, bottom, floor));
            y = Math.max(y, bottom + 1);
        }
        int inner = 0;
        for (Band band : bands) {
            inner += band.top() > 0 && band.bottom() < h - 1 ? 1 : 0;
        }
        for (Band band : bands) {
            if (isRuling(band, inner, p, w, h, brightest, inkLevel)) {
                refill(p, out, w, h, band, inkLevel);
            }
        }
        return new GrayImage(w, h, out);
    }

    /**
     * A band that passes the row tests may still be the digit itself when the image is cropped tight to it (the
     * bar of a 7 or a 4 running from frame to frame, the stem of a 9). Printed rulings are mostly fainter than ink
     * and they repeat: a faint band is a ruling; a brighter one among at least {@link #RULINGS} inner bands, or alone
     * when it is a page's margin line ({@link #isMarginLine}); one as bright as the ink only off the frame's edge too.
     * On the shipped notebook pages rulings measure 0.30 of the ink's level (median; 0.46 at the 90th percentile), a
     * tight digit's stem or bar 0.5 to 1.
     */
    private static boolean isRuling(Band band, int innerBands, float[] p, int w, int h, int brightest, float inkLevel) {
        double level = 0; // with the rows beside the band: the faint edge of a stroke lies next to its bright core
        for (int y = Math.max(0, band.top() - NEIGHBOURS); y <= Math.min(h - 1, band.bottom() + NEIGHBOURS); y++) {
            level = Math.max(level, median(toDoubles(p, y * w, w)));
        }
        boolean onEdge = band.top() == 0 || band.bottom() == h - 1;
        if (level < FAINT * brightest || (!onEdge && isMarginLine(band, p, w, h, brightest, inkLevel))) {
            return true;
        }
        return level < INK_LIKE * brightest ? innerBands >= RULINGS : !onEdge && innerBands >= RULINGS;
    }

    /**
     * A margin line drawn in a strong colour is as bright as ink once gray, and it comes alone. It runs at a ruling's
     * strength along {@link #MARGIN_LINE_SPAN} of the page and off both edges, and the digit beside it has paper all
     * round: all other ink keeps 1/{@link #MARGIN_CLEARANCE} of the page clear of the frame, and is not joined to the
     * line. A bar or stem of a digit cropped tight to its ink has the rest of the digit on the frame or joined to it.
     */
    private static boolean isMarginLine(Band band, float[] p, int w, int h, int brightest, float inkLevel) {
        float strength = (float) (FAINT * brightest);
        int along = 0;
        boolean left = false;
        boolean right = false;
        for (int x = 0; x < w; x++) {
            float level = 0;
            for (int y = band.top(); y <= band.bottom(); y++) {
                level = Math.max(level, p[y * w + x]);
            }
            if (level > strength) {
                along++;
                left |= x <= END;
                right |= x >= w - 1 - END;
            }
        }
        return left && right && along >= MARGIN_LINE_SPAN * w && inkStandsApart(band, p, w, h, inkLevel);
    }

    /**
     * Whether no stroke leaves the band, and there is ink past the rows where one would, all of it clear of the frame:
     * a digit beside the line. A tight crop's slanted stem drifts like a photographed line and has no ink past it.
     */
    private static boolean inkStandsApart(Band band, float[] p, int w, int h, float inkLevel) {
        if (strokeLeaves(band.top(), -1, p, w, h, inkLevel) || strokeLeaves(band.bottom(), 1, p, w, h, inkLevel)) {
            return false;
        }
        int clearX = Math.max(END + 1, (int) Math.ceil((double) w / MARGIN_CLEARANCE));
        int clearY = Math.max(END + 1, (int) Math.ceil((double) h / MARGIN_CLEARANCE));
        int reach = NEIGHBOURS + 2 * JOINED; // the line's own drift and blur, or where a stroke would leave it
        boolean anyInk = false;
        for (int y = 0; y < h; y++) {
            if (y >= band.top() - reach && y <= band.bottom() + reach) {
                continue;
            }
            boolean nearFrame = y < clearY || y >= h - clearY;
            for (int x = 0; x < w; x++) {
                if (p[y * w + x] > inkLevel) {
                    if (nearFrame || x < clearX || x >= w - clearX) {
                        return false;
                    }
                    anyInk = true;
                }
            }
        }
        return anyInk;
    }

    /**
     * Whether a stroke leaves the band's {@code edge} row on one side ({@code step} -1 above, 1 below): unbroken ink
     * from within {@link #JOINED} rows past the neighbour rows to {@link #JOINED} rows further. A photographed line's
     * own drift and blur stay within the first rows, a digit beside it starts after a gap; a nose or a crossbar goes on.
     */
    private static boolean strokeLeaves(int edge, int step, float[] p, int w, int h, float inkLevel) {
        for (int x = 0; x < w; x++) {
            int run = 0;
            for (int d = NEIGHBOURS + 1; d <= NEIGHBOURS + 2 * JOINED; d++) {
                int y = edge + step * d;
                run = y >= 0 && y < h && p[y * w + x] > inkLevel ? run + 1 : 0;
            }
            if (run > JOINED) { // the run reaches the last row and began within the first JOINED
                return true;
            }
        }
        return false;
    }

    private static boolean reachesBothEdges(float[] row, float lineLevel) {
        boolean left = false;
        boolean right = false;
        for (int x = 0; x <= END && x < row.length; x++) {
            left |= row[x] > lineLevel;
            right |= row[row.length - 1 - x] > lineLevel;
        }
        return left && right;
    }

    private static int rowMedian(float[] row, int[] histogram) {
        java.util.Arrays.fill(histogram, 0);
        for (float v : row) {
            histogram[Levels.bin(v)]++;
        }
        return Levels.percentile(histogram, 0.5);
    }

    private static boolean isLine(int count, boolean reaches, double median, double typical, int w, float lineLevel) {
        return reaches && count >= SPAN * w && median > 2 * typical + 0.25 * lineLevel;
    }

    /**
     * Where a stroke crosses the band, the pixels are interpolated between the ink above and below it; where
     * a stroke runs along the line (the bar of a 7 on a ruling), ink clearly darker than the line survives as
     * its excess over the line's own level (the row's median, or for a ruling that steps between rows, whose rows
     * are each half paper, the two rows' level: the band's floor); the bare line, with its blur and noise, becomes 0.
     */
    private static void refill(float[] p, float[] out, int w, int h, Band band, float inkLevel) {
        int top = band.top();
        int bottom = band.bottom();
        float[] lineLevel = new float[bottom - top + 1];
        for (int y = top; y <= bottom; y++) {
            lineLevel[y - top] = Math.max(band.floor(), (float) median(toDoubles(p, y * w, w)));
        }
        for (int x = 0; x < w; x++) {
            float above = top > 0 ? p[(top - 1) * w + x] : 0f;
            float below = bottom + 1 < h ? p[(bottom + 1) * w + x] : 0f;
            boolean strokeCrosses = above > inkLevel && below > inkLevel;
            for (int y = top; y <= bottom; y++) {
                float t = (float) (y - top + 1) / (bottom - top + 2);
                float excess = p[y * w + x] - lineLevel[y - top];
                float alongLine = excess > 0.5f * inkLevel ? excess : 0f;
                out[y * w + x] = strokeCrosses ? Math.max(alongLine, above + t * (below - above)) : alongLine;
            }
        }
    }

    private static double[] toDoubles(float[] p, int from, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = p[from + i];
        }
        return values;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static GrayImage transpose(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[x * h + y] = image.pixels()[y * w + x];
            }
        }
        return new GrayImage(h, w, out);
    }
}
