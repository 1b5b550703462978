package io.digitstream.model.image;

/**
 * A band of one level along one or two whole sides of a crop, as a scanner's bed leaves it beside a page cut near its
 * edge: painted over with the paper after it before polarity. Left, the band joined the digit's strokes. Levels
 * count as one within {@link FieldBox#SAME_LEVEL}.
 *
 * <p>A band runs the full length of its side, every row of it nearly all at one level, ends in a straight edge, and
 * lies far from the paper that follows it. A digit's bar along an edge of a tight crop rarely does all that: its ends
 * and its edge are soft.
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
        Band[] bands = new Band[4];
        int found = 0;
        for (int side = 0; side < 4; side++) {
            bands[side] = band(image, side);
            found += bands[side] != null ? 1 : 0;
        }
        if (found == 0 || found > 2) {
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

    /** The band along {@code side} (top, bottom, left, right), or null. */
    static Band band(GrayImage image, int side) {
        int across = side < 2 ? image.height() : image.width();
        int along = side < 2 ? image.width() : image.height();
        float[] row = new float[along];
        FieldBox.read(image, side, 0, row);
        float level = FieldBox.median(row);
        if (FieldBox.share(row, level) < BAND_SHARE) {
            return null;
        }
        int end = 1;
        int limit = (int) (DEPTH_SHARE * across);
        while (end <= limit) {
            FieldBox.read(image, side, end, row);
            if (FieldBox.share(row, level) < BAND_SHARE) {
                break;
            }
            end++;
        }
        if (end > limit || end + 2 > across || FieldBox.share(row, level) > EDGE_SHARE) {
            return null;
        }
        float paper = FieldBox.median(row);
        if (Math.abs(paper - level) < CONTRAST
                || FieldBox.share(image.pixels(), paper) <= FieldBox.share(image.pixels(), level)) {
            return null; // not apart from the paper, or itself the paper (a tight crop's margin before a bar)
        }
        return new Band(end, level, paper);
    }
}
