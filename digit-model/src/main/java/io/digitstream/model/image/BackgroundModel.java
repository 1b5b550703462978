package io.digitstream.model.image;

/**
 * Paper under a phone or a scanner lid is not evenly lit. On pages of {@link #LIT_PAGE_MIN_SIDE} px and more the
 * background is modelled as a smooth surface:
 * a low percentile of each cell of a coarse grid (ink is thin, so most of a cell is background), each cell
 * replaced by the median of its neighbourhood (a cell that ink floods takes its neighbours' level, while a
 * lighting gradient is followed without bias), then interpolated bilinearly between cell centres. Subtracting it leaves ink on a zero background.
 * What is left broader than the strokes (a shadow's edge, a band of light) goes next ({@link #removeBroadLight}).
 */
public final class BackgroundModel {

    static final double CELL_PERCENTILE = 0.2;
    /**
     * Lighting is modelled on pages at least this wide and tall (the grid's surface and the top-hat), and rulings are
     * looked for only across fields this wide ({@link LineRemover}). A smaller crop is a field, mostly stroke: its
     * cells would be no wider than an enlarged stroke, so ink flooding the cells along the frame passed for light (a
     * tight-cropped 9 lost the top of its loop), and it has no lighting to follow. With the default model, 2,000
     * images a set: sklearn-digits (32 px) 76 errors → 52 (its margin version 53), form-field 84 → 73.
     */
    static final int LIT_PAGE_MIN_SIDE = 40;
    /**
     * A frame with at least this share of its pixels within {@link #EVEN_PAPER_TOLERANCE} levels of one level shows
     * paper that no light varies and no sensor roughens (a digital or cleaned scan, enlarged): its paper is one level,
     * however much of the frame the ink covers. Chosen among 0.15, 0.25, 0.4 and 0.6 with the default model, 2,000
     * images a set: stretched 34 errors → 19, 20, 26, 33; form-field 73 → 67, 69, 71, 74; notebook-b 35 → 41, 35, 35,
     * 35 and scan-page 123 → 140, 126, 125, 123 (pages whose paper is clipped white at the frame); measured before
     * even paper skipped the top-hat too.
     */
    static final double EVEN_PAPER_SHARE = 0.4;
    static final int EVEN_PAPER_TOLERANCE = 2;
    /**
     * Digital paper: at the very end of the range (pure white, in light ink on dark 0) on at least this share of the
     * frame, with under {@link #ROLL_OFF_SHARE} of the frame within {@link #ROLL_OFF_LEVELS} levels above it, is even
     * however much of the frame ink covers (a digit stretched to fill its box). A lamp that clips a photographed
     * page to white fades into the unclipped paper beside it, and that roll-off is what tells it apart. With the
     * default model, 2,000 images a set: stretched 25 errors → 17 (its margin version 14), binarized-blur 93 → 94,
     * the page sets and the other crops unchanged. A shaded page (a photograph) is never digital paper: of 10,000
     * notebook-b pages 26 passed without that guard, 6 of them shaded pages whose reading it made worse (errors 100 →
     * 101). Flattened at its own level rather than as even paper ({@link #paperLevel}): stretched 16, but
     * sklearn-digits 41 → 44, whose soft 8x8 strokes the paper side's median thins.
     */
    static final double DIGITAL_PAPER_SHARE = 0.2;
    static final double ROLL_OFF_SHARE = 0.14;
    static final int ROLL_OFF_LEVELS = 20;
    /** The opening's square reaches this many median stroke depths: about three stroke widths across. */
    static final int BROAD_LIGHT_DEPTHS = 6;
    /**
     * Strokes are measured on the pixels at least this share of the brightest ink (the 99th percentile): a broad
     * residue of light, dimmer than ink, then cannot pass for one thick stroke and widen the square past itself.
     * Chosen among 0 (Otsu's threshold alone), 0.35, 0.45 and 0.5 on notebook-b, scan-page and form-field (2,000
     * each, errors 37/134/71, 37/133/71, 33/126/74, 33/125/78 with the default model of 2026-12-06).
     */
    static final float STROKE_SHARE_OF_INK = 0.45f;

    private BackgroundModel() {
    }

    public static GrayImage subtract(GrayImage lightInkOnDark) {
        float[] p = lightInkOnDark.pixels();
        int[] histogram = Levels.histogram(p);
        boolean unlit = hasNoLightToFollow(lightInkOnDark, histogram);
        float[] surface = surface(lightInkOnDark, histogram, unlit);
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.max(0f, p[i] - surface[i]);
        }
        int w = lightInkOnDark.width();
        int h = lightInkOnDark.height();
        if (!unlit) {
            removeBroadLight(out, w, h);
        }
        return new GrayImage(w, h, out);
    }

    /**
     * The coarse surface cannot follow a shadow's sharp edge or a bright band along the frame, and what it leaves
     * joins the digit's strokes. Both are broader than any stroke: a gray opening by a square a few stroke widths
     * across keeps them and drops the strokes, so subtracting it (a white top-hat) keeps only the strokes. Not on
     * crisp two-level scans or even paper, which have no light to remove and whose bold digits are broad themselves.
     */
    static void removeBroadLight(float[] ink, int w, int h) {
        int[] histogram = Levels.histogram(ink);
        float threshold = Math.max(Math.max(StrokeSelector.MIN_THRESHOLD, Levels.otsu(histogram)),
                STROKE_SHARE_OF_INK * Levels.percentile(histogram, 0.99));
        int depth = StrokeDepth.median(ink, w, h, threshold);
        if (depth == 0) {
            return; // no ink: nothing to measure strokes by
        }
        float[] broad = SlidingExtremum.opening(ink, w, h, BROAD_LIGHT_DEPTHS * depth);
        for (int i = 0; i < ink.length; i++) {
            ink[i] = Math.max(0f, ink[i] - broad[i]);
        }
    }

    /**
     * A crisp two-level scan, a crop under {@link #LIT_PAGE_MIN_SIDE} px or even paper: its paper is one level, and a
     * bold digit's enlarged, blurred edges would pass for paper in the cells they flood, or for light in the top-hat.
     */
    private static boolean hasNoLightToFollow(GrayImage image, int[] histogram) {
        return Levels.separation(histogram, Levels.otsu(histogram)) >= InkPolarity.CRISP_SEPARATION
                || Math.min(image.width(), image.height()) < LIT_PAGE_MIN_SIDE
                || FrameLevels.of(image, histogram).isEven();
    }

    /**
     * The level of paper that is one level: the frame's even level where it lies on the paper's side (below halfway
     * from the darkest pixels to the brightest ink), else the median of Otsu's paper side. A lamp can clip most of a
     * photographed page to white, which in light ink on dark lies below the rest of the paper: the median then falls on
     * the clipped level and left the unclipped paper standing as one broad stroke. A digit's ink, not its paper, holds
     * the frame of a tight crop of bold strokes: its even level is above halfway and does not count.
     */
    private static float paperLevel(GrayImage image, int[] histogram, int otsu) {
        FrameLevels frame = FrameLevels.of(image, histogram);
        float median = Levels.median(histogram, 0, otsu);
        float halfway = (Levels.percentile(histogram, 0.01) + Levels.percentile(histogram, 0.99)) / 2f;
        return frame.isEven() && frame.mode() < halfway ? Math.max(median, frame.mode()) : median;
    }

    /** The estimated background level at every pixel. */
    static float[] surface(GrayImage image) {
        int[] histogram = Levels.histogram(image.pixels());
        return surface(image, histogram, hasNoLightToFollow(image, histogram));
    }

    /** @param unlit {@link #hasNoLightToFollow}: the paper is one level ({@link #paperLevel}) */
    private static float[] surface(GrayImage image, int[] histogram, boolean unlit) {
        int w = image.width();
        int h = image.height();
        int otsu = Levels.otsu(histogram);
        double separation = Levels.separation(histogram, otsu);
        if (unlit) {
            float[] flat = new float[w * h];
            java.util.Arrays.fill(flat, paperLevel(image, histogram, otsu));
            return flat;
        }
        int cell = Math.max(4, Math.min(w, h) / 4);
        int gw = (w + cell - 1) / cell;
        int gh = (h + cell - 1) / cell;
        float[] levels = new float[gw * gh];
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                int[] cellHistogram = new int[256];
                for (int y = gy * cell; y < Math.min(h, (gy + 1) * cell); y++) {
                    for (int x = gx * cell; x < Math.min(w, (gx + 1) * cell); x++) {
                        cellHistogram[Levels.bin(image.get(x, y))]++;
                    }
                }
                levels[gy * gw + gx] = Levels.percentile(cellHistogram, CELL_PERCENTILE);
            }
        }
        // A cell whose low percentile is already on the ink side is flooded with ink (bold strokes, a digit filling
        // its frame): it says nothing of the paper, so it takes no part in the median. Otsu's split alone can fall
        // inside a strong lighting ramp, so the ink side also starts half-way from the darkest pixels to the ink.
        float darkest = Levels.percentile(histogram, 0.01);
        float inkSide = Math.max(otsu, (darkest + Levels.percentile(histogram, 0.99)) / 2f);
        if (separation < InkPolarity.TWO_LEVEL_SEPARATION) {
            inkSide = Float.MAX_VALUE; // not a clean two-level scan: a shadow on a photographed page is no flood
        }
        boolean anyPaper = false;
        for (float level : levels) {
            anyPaper |= level <= inkSide;
        }
        if (!anyPaper) { // ink in every cell (a bold 1 filling a narrow frame): the darkest pixels are the paper
            float[] flat = new float[w * h];
            java.util.Arrays.fill(flat, darkest);
            return flat;
        }
        float[] eroded = new float[levels.length];
        float[] neighbours = new float[9];
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                int n = 0;
                for (int reach = 1; n == 0; reach++) { // widen until a paper cell is in reach
                    for (int dy = -reach; dy <= reach; dy++) {
                        for (int dx = -reach; dx <= reach; dx++) {
                            int y = gy + dy;
                            int x = gx + dx;
                            if (x >= 0 && y >= 0 && x < gw && y < gh && levels[y * gw + x] <= inkSide) {
                                if (n == neighbours.length) {
                                    neighbours = java.util.Arrays.copyOf(neighbours, 2 * n);
                                }
                                neighbours[n++] = levels[y * gw + x];
                            }
                        }
                    }
                }
                java.util.Arrays.sort(neighbours, 0, n);
                eroded[gy * gw + gx] = neighbours[n / 2];
            }
        }
        // the horizontal interpolation weights are the same on every row: computed once
        int[] x0s = new int[w];
        int[] x1s = new int[w];
        double[] txs = new double[w];
        for (int x = 0; x < w; x++) {
            double fx = clamp((x + 0.5) / cell - 0.5, gw - 1);
            x0s[x] = (int) fx;
            x1s[x] = Math.min(gw - 1, x0s[x] + 1);
            txs[x] = fx - x0s[x];
        }
        float[] surface = new float[w * h];
        for (int y = 0; y < h; y++) {
            double fy = clamp((y + 0.5) / cell - 0.5, gh - 1);
            int y0 = (int) fy;
            int y1 = Math.min(gh - 1, y0 + 1);
            double ty = fy - y0;
            for (int x = 0; x < w; x++) {
                int x0 = x0s[x];
                int x1 = x1s[x];
                double tx = txs[x];
                surface[y * w + x] = (float) ((1 - ty) * ((1 - tx) * eroded[y0 * gw + x0] + tx * eroded[y0 * gw + x1])
                        + ty * ((1 - tx) * eroded[y1 * gw + x0] + tx * eroded[y1 * gw + x1]));
            }
        }
        return surface;
    }

    /**
     * Does at least {@link #EVEN_PAPER_SHARE} of the frame lie within {@link #EVEN_PAPER_TOLERANCE} levels of its
     * commonest level, or is it digital paper ({@link #DIGITAL_PAPER_SHARE})?
     */
    static boolean hasEvenPaper(GrayImage image) {
        return FrameLevels.of(image, Levels.histogram(image.pixels())).isEven();
    }

    /**
     * The frame's commonest level, how many frame pixels lie at it and just above it (its roll-off), of how many, and
     * whether the image is a shaded page (Otsu's separation under {@link InkPolarity#SHADED_SEPARATION}).
     */
    private record FrameLevels(int mode, long near, long rollOff, int size, boolean shaded) {

        /** @param histogram the whole image's */
        static FrameLevels of(GrayImage image, int[] histogram) {
            float[] frame = InkPolarity.border(image);
            int[] frameHistogram = Levels.histogram(frame);
            int mode = 0;
            for (int level = 1; level < frameHistogram.length; level++) {
                if (frameHistogram[level] > frameHistogram[mode]) {
                    mode = level;
                }
            }
            long near = 0;
            for (int level = Math.max(0, mode - EVEN_PAPER_TOLERANCE); level <= Math.min(255, mode + EVEN_PAPER_TOLERANCE); level++) {
                near += frameHistogram[level];
            }
            long rollOff = 0;
            for (int level = mode + EVEN_PAPER_TOLERANCE + 1; level < Math.min(256, mode + ROLL_OFF_LEVELS); level++) {
                rollOff += frameHistogram[level];
            }
            boolean shaded = Levels.separation(histogram, Levels.otsu(histogram)) < InkPolarity.SHADED_SEPARATION;
            return new FrameLevels(mode, near, rollOff, frame.length, shaded);
        }

        boolean isEven() {
            return near >= EVEN_PAPER_SHARE * size || isDigital();
        }

        /**
         * Paper at the end of the range on {@link #DIGITAL_PAPER_SHARE} of the frame, with no roll-off beside it, in
         * an image that is not a shaded page.
         */
        boolean isDigital() {
            return !shaded && mode <= EVEN_PAPER_TOLERANCE && near >= DIGITAL_PAPER_SHARE * size
                    && rollOff < ROLL_OFF_SHARE * size;
        }
    }

    private static double clamp(double value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
