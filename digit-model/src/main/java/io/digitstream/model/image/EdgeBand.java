package io.digitstream.model.image;

import java.util.Arrays;

/**
 * Bands of one level along the sides of a crop, as a scanner's bed leaves beside a page cut near its edge, up to a
 * frame all round (a bed round a card, a black padding): painted over with the paper after them before polarity.
 * Left, a band joined the digit's strokes, and a frame read as the dark field of a light-on-dark image. Levels count
 * as one within {@link FieldBox#SAME_LEVEL}.
 *
 * <p>A band runs the full length of its side, every row of it nearly all at one level, ends in a straight edge, and
 * lies far from the paper that follows it. A digit's bar along an edge of a tight crop rarely does all that: its ends
 * and its edge are soft. In a frame, a side the digit touches has no straight edge, but the other sides vouch for it.
 */
final class EdgeBand {

    /** The share of each row of a band at its level: the whole side, ends included. */
    static final double BAND_SHARE = 0.95;
    /** The share of the row after a band still at its level, at most: the band ends in a straight edge. */
    static final double EDGE_SHARE = 0.25;
    /** How far the band's level lies from the paper's, at least. */
    static final float CONTRAST = FieldBox.CONTRAST;
    /** A band is at most this share of the side it stands on. */
    static final double DEPTH_SHARE = 0.25;

    private EdgeBand() {
    }

    /** A band {@code thickness} rows deep at {@code level}, and the paper after it. */
    record Band(int thickness, float level, float paper) {
    }

    static GrayImage erase(GrayImage image) {
        if (Math.max(image.width(), image.height()) < FieldBox.SMALLEST) {
            return image;
        }
        Band[] bands = bands(image);
        if (Arrays.stream(bands).allMatch(band -> band == null)) {
            return image;
        }
        float[] out = image.pixels().clone();
        for (int side = 0; side < 4; side++) {
            if (bands[side] != null) {
                FieldBox.paint(image, out, side, bands[side].thickness(), bands[side].paper());
            }
        }
        return new GrayImage(image.width(), image.height(), out);
    }

    /** The bands along the four sides (top, bottom, left, right), null where there is none. */
    static Band[] bands(GrayImage image) {
        Run[] runs = new Run[4];
        for (int side = 0; side < 4; side++) {
            runs[side] = run(image, side);
        }
        Band[] bands = new Band[4];
        for (int side = 0; side < 4; side++) {
            bands[side] = band(image, side, runs);
        }
        completeFrame(runs, bands);
        shareOnePaper(bands);
        keepApartFromPaper(image, bands);
        return bands;
    }

    /** The rows from one side nearly all at the level of the first, as many as there are; null if the first is not. */
    record Run(int depth, float level) {
    }

    private static Run run(GrayImage image, int side) {
        int across = side < 2 ? image.height() : image.width();
        float[] row = new float[side < 2 ? image.width() : image.height()];
        FieldBox.read(image, side, 0, row);
        float level = FieldBox.median(row);
        int depth = 0;
        while (depth < across && FieldBox.share(row, level) >= BAND_SHARE) {
            depth++;
            if (depth < across) {
                FieldBox.read(image, side, depth, row);
            }
        }
        return depth == 0 ? null : new Run(depth, level);
    }

    /**
     * The band along {@code side} (top, bottom, left, right), or null: a run at most a quarter of the side deep whose
     * next row leaves its level, read between the runs of the sides across it at its level (a corner's other band).
     */
    private static Band band(GrayImage image, int side, Run[] runs) {
        Run run = runs[side];
        int across = side < 2 ? image.height() : image.width();
        if (run == null || run.depth() > DEPTH_SHARE * across || run.depth() + 2 > across) {
            return null;
        }
        float[] next = new float[side < 2 ? image.width() : image.height()];
        FieldBox.read(image, side, run.depth(), next);
        int from = sameLevelDepth(runs[side < 2 ? 2 : 0], run.level());
        int to = next.length - sameLevelDepth(runs[side < 2 ? 3 : 1], run.level());
        if (to - from < next.length / 2) {
            return null;
        }
        float[] edge = Arrays.copyOfRange(next, from, to);
        if (FieldBox.share(edge, run.level()) > EDGE_SHARE) {
            return null;
        }
        return new Band(run.depth(), run.level(), FieldBox.median(edge));
    }

    private static int sameLevelDepth(Run run, float level) {
        return run != null && Math.abs(run.level() - level) <= FieldBox.SAME_LEVEL ? run.depth() : 0;
    }

    /**
     * A run on all four sides at one level, one of them a band, is a frame round the crop (a bed all round a card, a
     * padding in black): the sides the digit touches are bands too, though their inner edge is no longer straight.
     * They are taken no deeper than the deepest band and a row, so a bar of the digit along the frame stays.
     */
    private static void completeFrame(Run[] runs, Band[] bands) {
        int deepest = 0;
        float paper = -1;
        for (int side = 0; side < 4; side++) {
            if (runs[side] == null || Math.abs(runs[side].level() - runs[0].level()) > FieldBox.SAME_LEVEL) {
                return;
            }
            if (bands[side] != null && bands[side].thickness() > deepest) {
                deepest = bands[side].thickness();
                paper = bands[side].paper();
            }
        }
        if (deepest == 0) {
            return;
        }
        for (int side = 0; side < 4; side++) {
            if (bands[side] == null) {
                bands[side] = new Band(Math.min(runs[side].depth(), deepest + 1), runs[side].level(), paper);
            }
        }
    }

    /** One paper for every band, their median: where the digit covers half the row after a band, its median is ink. */
    private static void shareOnePaper(Band[] bands) {
        float[] papers = new float[4];
        int n = 0;
        for (Band band : bands) {
            if (band != null) {
                papers[n++] = band.paper();
            }
        }
        if (n == 0) {
            return;
        }
        float paper = FieldBox.median(Arrays.copyOf(papers, n));
        for (int side = 0; side < 4; side++) {
            if (bands[side] != null) {
                bands[side] = new Band(bands[side].thickness(), bands[side].level(), paper);
            }
        }
    }

    /**
     * Drops the bands that do not stand apart from the paper after them, or that are themselves the paper: a tight
     * crop's row of paper before a bar, a margin round a digit stretched to fill its box. The paper covers more of the
     * image than the bands' level does; or, for dark bands only, more of the ring just inside them, which a bold dark
     * digit covering half its paper still leaves mostly paper. (A light margin round a bold digit has the digit's ink
     * all along that ring.)
     */
    private static void keepApartFromPaper(GrayImage image, Band[] bands) {
        if (Arrays.stream(bands).allMatch(band -> band == null)) {
            return;
        }
        int top = bands[0] == null ? 0 : bands[0].thickness();
        int bottom = image.height() - (bands[1] == null ? 0 : bands[1].thickness());
        int left = bands[2] == null ? 0 : bands[2].thickness();
        int right = image.width() - (bands[3] == null ? 0 : bands[3].thickness());
        if (bottom - top < 3 || right - left < 3) {
            Arrays.fill(bands, null);
            return;
        }
        float[] ring = new float[2 * (bottom - top) + 2 * (right - left) - 4];
        int r = 0;
        for (int x = left; x < right; x++) {
            ring[r++] = image.get(x, top);
            ring[r++] = image.get(x, bottom - 1);
        }
        for (int y = top + 1; y < bottom - 1; y++) {
            ring[r++] = image.get(left, y);
            ring[r++] = image.get(right - 1, y);
        }
        for (int side = 0; side < 4; side++) {
            Band band = bands[side];
            if (band == null) {
                continue;
            }
            boolean paper = mostly(image.pixels(), band.paper(), band.level())
                    || band.level() < band.paper() && mostly(ring, band.paper(), band.level());
            if (!paper || Math.abs(band.paper() - band.level()) < CONTRAST) {
                bands[side] = null;
            }
        }
    }

    /** Whether more of {@code pixels} lie at {@code level} than at {@code other}. */
    private static boolean mostly(float[] pixels, float level, float other) {
        return FieldBox.share(pixels, level) > FieldBox.share(pixels, other);
    }
}
