package io.digitstream.model.image;

/**
 * Brings an image to the MNIST convention, light ink on a dark background. The rules, in order, each deciding only
 * when it can:
 * <ol>
 *   <li>a flat bright border is paper (dark ink: invert), a flat dark border MNIST's field (keep);</li>
 *   <li>MNIST's own 28x28 format, whose digit never touches the frame: the middle against the border;</li>
 *   <li>ink touching the frame breaks a flat border only where it touches: a level that still holds most of the
 *       border is the paper's;</li>
 *   <li>a crisp two-level image whose one level is a single piece and the other several: the several are the paper,
 *       cut up by the stroke (a bold digit filling its frame);</li>
 *   <li>a quiet border (paper all round, however unevenly lit), or a shaded page (not two-level: a photograph of
 *       paper) whose strokes stand out at least {@link #CLEAR_SIDE} times as much on one side as on the other: the
 *       strokes, by the side on which they stand out from the paper right around them;</li>
 *   <li>a loud border, mostly bold or stretched ink meeting the frame: the four corners, which a digit leaves
 *       blank;</li>
 *   <li>a clean two-level image: the level holding most of the area and most of the border;</li>
 *   <li>a shaded page: the strokes' side, however slight;</li>
 *   <li>last, the middle, where the digit is, against the border.</li>
 * </ol>
 * The middle alone misleads wherever it can: the middle of a tight 0, 6, 8 or 9 is paper, and a page lit brighter in
 * the middle than at its edges looks like light ink.
 */
public final class InkPolarity {

    static final float FLAT_BORDER_STD = 30f;
    /**
     * Otsu's separation (between-class over total variance) from which an image counts as two-level: paper and
     * ink. Uniform random pixels give 0.75; a photograph less; a blurred scan of a digit 0.85 and more.
     */
    static final double TWO_LEVEL_SEPARATION = 0.82;
    /** How far from either end of the range a 28x28 crop's paper may lie: MNIST's own field stays under it. */
    static final int PAPER_AT_AN_END = 24;
    /**
     * A 28x28 crop's corner crossed by a stroke's edge holds a pixel within this of the paper's level and one within
     * this of the ink's end. Chosen on 2,000 images a set: see {@code docs/models.md}, "Strokes in the corners".
     */
    static final float EDGE_REACH = 40f;
    /**
     * A 28x28 crop's corner crossed by a stroke blurred short of the ink's end still holds a pixel within this of the
     * paper's level. Chosen as {@link #EDGE_REACH} was.
     */
    static final float PAPER_REACH = 20f;
    /** The reach of the median that an MNIST-format digit's strokes are read against: a 9x9 window. */
    static final int STROKE_WINDOW_REACH = 4;
    /**
     * How many times the strokes of one side must outweigh the other's for an MNIST-format digit's polarity to be read
     * from its strokes. Chosen on 2,000 images a set: see {@code docs/models.md}, "Light digits on photographs".
     */
    static final double STROKE_CLARITY = 1.5;
    /** The side of the square at each corner of a 28x28 crop that must lie at the paper's level. */
    static final int CORNER = 3;
    /** How far from the paper a pixel lies to count as ink for {@link #inkFillsFrame}: a shrunk stroke's halo does. */
    static final int FILL_INK_REACH = 32;
    /**
     * Share of a 28x28 frame at white or black paper from which bold ink holding the rest of it makes a crop
     * ({@link #paperAmidInk}). Chosen on 10,000 images a set: at 0.3 the 28x28 crops taken for MNIST-format digits went
     * from 426 to 186 (`stretched-28`), 285 to 53 (`binarized-28`) and 219 to 109 (`lowres16-28`), and 7 of the 80,000
     * images of the eight photograph and noise sets were read differently; at 0.2, back-noise images passed too.
     */
    static final double PAPER_AMID_INK = 0.3;
    /** The sides of the frame a piece of ink reaches, as bits. */
    private static final int TOP = 1;
    private static final int BOTTOM = 2;
    private static final int LEFT = 4;
    private static final int RIGHT = 8;
    /** The middle of the range: a pixel above it is on white paper's side. */
    private static final float MIDPOINT = 127.5f;
    /** Share of the border that must lie within {@link #FLAT_BORDER_STD} of its median for the border to name the paper. */
    static final double FLAT_BORDER_SHARE = 0.6;
    /** How far from the paper's level a pixel must lie to count as ink. */
    static final float INK_CONTRAST = 40f;
    /** The longer side the local-contrast test works at: a few strokes' widths per window, cheap to filter. */
    static final int LOCAL_SIDE = 48;
    /** Residuals within this of the local median are noise or texture, not ink. */
    static final float LOCAL_NOISE = 6f;
    /**
     * A border quieter than this share of the image's residual per pixel is paper all round. Chosen on the own
     * generator's photographed pages (`scan-page`) against the tight crops: at 0.5, 0.65, 0.8 and 1.0 the polarity of
     * 64, 50, 41 and 33 of 2,000 pages came out wrong, of the tight, stretched and binarized crops 97, 97, 99 and 111.
     */
    static final double QUIET_BORDER = 0.8;
    /**
     * Otsu's separation of a crisp two-level scan (binarized, or printed and thresholded), in which three corners of
     * four name the paper. Chosen on the binarized and stretched crops and `scan-page`: from 0.9, binarized crops
     * read with the wrong polarity went from 67 to 40 of 2,000 and nothing else moved; from 0.82 stretched crops lost 2.
     */
    static final double CRISP_SEPARATION = 0.9;
    /**
     * A piece of one level smaller than this share of the image is a speck, not ink or paper. At 0.01 the rule put
     * 33 of the binarized crops read the wrong way (40 of 2,000) right and 1 wrong, and moved no other set; at 0.003,
     * 0.02 and 0.04: +33/-1, +31/-2, +29/-2.
     */
    static final double PIECE_SHARE = 0.01;
    /**
     * Otsu's separation under which an image that no other rule decided is a shaded page (a photograph of paper), whose
     * thin ink the local test reads even on a loud border; crisp crops above it keep the middle rule. Chosen on the
     * cases that reached the middle rule: at 0.75, of `scan-page`'s 54 wrong 23 → 9, the tight, stretched and
     * binarized crops unchanged; at 0.82, stretched crops 1 → 8. On a shaded page with paper all round the local test
     * also goes first, before the flat-border rule: `notebook-b` pages read the wrong way 18 → 7 of 2,000 (errors 36 →
     * 31), no other set moved; first on all pages, form-field errors 70 → 77 and binarized 108 → 117.
     */
    static final double SHADED_SEPARATION = 0.75;
    /**
     * On a loud border the strokes' side decides only when the residuals stand out this many times more on one side than
     * on the other. Thin ink on a shaded page does (2.8:1 to 21:1 on the `scan-page` and `notebook-b` pages whose dark
     * corners the corners rule read as light ink); bold ink filling a blurred crop does not, as the paper the ink cuts
     * into pieces stands out about as much (1:1 to 1.7:1 on the `form-field` crops it read the wrong way).
     */
    static final double CLEAR_SIDE = 2.0;

    private InkPolarity() {
    }

    public static boolean isDarkInkOnLight(GrayImage image) {
        // MNIST's format: its digit sits in a 20x20 box, its ink never touches the frame. Its strokes are read first:
        // a photograph behind it can be flat and bright at the frame as paper is.
        boolean mnistFormat = isMnistFormatOnClutter(image);
        Boolean strokesAreDarker = mnistFormat ? clutteredStrokesAreDarker(image) : null;
        if (strokesAreDarker != null) {
            return strokesAreDarker;
        }
        double[] border = borderMeanAndStd(image);
        if (border[1] < FLAT_BORDER_STD && (border[0] > 170 || border[0] < 85)) {
            return border[0] > 170;
        }
        if (mnistFormat) {
            return centreMean(image) < border[0];
        }
        int[] histogram = Levels.histogram(image.pixels());
        double separation = Levels.separation(histogram, Levels.otsu(histogram));
        boolean shaded = separation < SHADED_SEPARATION;
        // On a shaded page (a photograph) with paper all round, the strokes' side decides first: a lamp or a shadow
        // can leave the frame flat at one level while the lit middle outweighs the thin ink against it.
        Boolean inkIsDarker = shaded ? inkIsDarkerThanItsSurroundings(image) : null;
        if (inkIsDarker != null) {
            return inkIsDarker;
        }
        Boolean borderIsBright = mostlyFlatBorderIsBright(image);
        if (borderIsBright != null) {
            return borderIsBright;
        }
        Boolean fragmentedIsBright = fragmentedLevelIsBright(image, CRISP_SEPARATION);
        if (fragmentedIsBright != null) {
            return fragmentedIsBright;
        }
        // A shaded page's thin ink stands out clearly on one side even where the border is loud, and there the corners
        // would mislead: a vignette or a shadow darkens them. Bold ink filling a blurred crop stands out on both sides
        // alike and goes on to the corners.
        inkIsDarker = shaded ? inkIsDarkerThanItsSurroundings(image, CLEAR_SIDE) : inkIsDarkerThanItsSurroundings(image);
        if (inkIsDarker != null) {
            return inkIsDarker;
        }
        // A crisp scan blurred (defocused, enlarged) keeps its pieces but not its crispness. Only now, on a loud
        // border: thin ink on a page with paper all round cuts nothing into pieces and was read above. A crisp image's
        // pieces were counted above already.
        fragmentedIsBright = separation < CRISP_SEPARATION ? fragmentedLevelIsBright(image, SHADED_SEPARATION) : null;
        if (fragmentedIsBright != null) {
            return fragmentedIsBright;
        }
        Boolean cornersAreBright = cornersAreBright(image);
        if (cornersAreBright != null) {
            return cornersAreBright;
        }
        Boolean paperIsBright = paperIsBrightInTwoLevels(image);
        if (paperIsBright != null) {
            return paperIsBright;
        }
        if (shaded) {
            // a shaded page, not a crisp crop: its ink is thin, so even a side that is not clear beats the middle
            Boolean darker = inkIsDarkerThanItsSurroundings(image, 1.0);
            if (darker != null) {
                return darker;
            }
        }
        return centreMean(image) < border[0];
    }

    /**
     * For an MNIST-format digit over clutter, whether its strokes are darker than what surrounds them: each pixel's
     * residual against the median of the square within {@link #STROKE_WINDOW_REACH} of it, summed over the 20x20 box
     * where MNIST puts the digit, darker against brighter. The frame and the middle against it, the rules after this
     * one, read a light digit on a photograph brighter at the frame than behind the digit as dark ink. Null, and those
     * rules decide, when neither side is {@link #STROKE_CLARITY} times the other, when the image is rough (random
     * pixels are ridges of both signs) and when it is crisp two-level (bold strokes are wider than the window's
     * ridges).
     */
    static Boolean clutteredStrokesAreDarker(GrayImage image) {
        int[] histogram = Levels.histogram(image.pixels());
        if (Levels.separation(histogram, Levels.otsu(histogram)) >= CRISP_SEPARATION
                || NoiseFilter.roughness(image) > NoiseFilter.ROUGHNESS_LIMIT) {
            return null;
        }
        int w = image.width();
        int h = image.height();
        int[] surroundings = WindowMedian.of(image.pixels(), w, h, STROKE_WINDOW_REACH);
        int margin = (MnistNormalizer.SIZE - MnistNormalizer.BOX) / 2;
        double darker = 0;
        double brighter = 0;
        for (int y = margin; y < h - margin; y++) {
            for (int x = margin; x < w - margin; x++) {
                float residual = image.get(x, y) - surroundings[y * w + x];
                darker += Math.max(0f, -residual - LOCAL_NOISE);
                brighter += Math.max(0f, residual - LOCAL_NOISE);
            }
        }
        return clearSide(darker, brighter);
    }

    /** Darker (true) or brighter (false) when that side weighs {@link #STROKE_CLARITY} times the other, else null. */
    static Boolean clearSide(double darker, double brighter) {
        double heavier = Math.max(darker, brighter);
        if (heavier <= 0 || heavier < STROKE_CLARITY * Math.min(darker, brighter)) {
            return null;
        }
        return darker > brighter;
    }

    /**
     * In a crisp two-level image a digit's ink is one stroke, while a digit filling its frame cuts the paper into
     * pieces on the frame (its corners). When one level is a single piece and the other has several pieces on the
     * frame (pieces under {@link #PIECE_SHARE} of the area are specks and do not count), the several are the paper.
     * This reads a bold binarized digit whose ink covers most of the frame, where area, border and corners all point at
     * the ink. Null otherwise: Otsu's separation under {@code minSeparation}, one piece each, or a stroke broken inside
     * a margin (its pieces are not on the frame).
     */
    static Boolean fragmentedLevelIsBright(GrayImage image, double minSeparation) {
        int[] histogram = Levels.histogram(image.pixels());
        int threshold = Levels.otsu(histogram);
        if (Levels.separation(histogram, threshold) < minSeparation) {
            return null;
        }
        int minPixels = (int) Math.ceil(PIECE_SHARE * image.pixels().length);
        Components bright = Components.of(image, threshold, true);
        Components dark = Components.of(image, threshold, false);
        if (bright.countAtLeast(minPixels, false) == 1 && dark.countAtLeast(minPixels, true) >= 2) {
            return Boolean.FALSE;
        }
        if (dark.countAtLeast(minPixels, false) == 1 && bright.countAtLeast(minPixels, true) >= 2) {
            return Boolean.TRUE;
        }
        return null;
    }

    /**
     * A digit cut tight to its ink, or stretched to fill its box, still leaves the box's corners blank: digits are
     * rounded, their extremes lie mid-side. When all four corners (an eighth of the side square) lie on one side of
     * the midpoint of Otsu's two classes, that side is the paper, however much of the frame bold ink covers; in a crisp
     * two-level scan three of four suffice, the fourth may hold the end of a bar (a 7's, a 5's). Null otherwise.
     */
    static Boolean cornersAreBright(GrayImage image) {
        int w = image.width();
        int h = image.height();
        int side = Math.max(1, Math.min(w, h) / 8);
        int[] histogram = Levels.histogram(image.pixels());
        float threshold = Levels.midpoint(histogram);
        int needed = Levels.separation(histogram, Levels.otsu(histogram)) >= CRISP_SEPARATION ? 3 : 4;
        int bright = 0;
        for (double mean : cornerMeans(image, side)) {
            bright += mean > threshold ? 1 : 0;
        }
        return bright >= needed ? Boolean.TRUE : 4 - bright >= needed ? Boolean.FALSE : null;
    }

    public static GrayImage toLightInkOnDark(GrayImage image) {
        if (!isDarkInkOnLight(image)) {
            return image;
        }
        float[] inverted = new float[image.pixels().length];
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = 255f - image.pixels()[i];
        }
        return new GrayImage(image.width(), image.height(), inverted);
    }

    /**
     * Ink touching the frame breaks a flat border only where it touches: when most of the border still lies at one
     * clearly bright or dark level, that level is the paper's. Null when no level holds {@link #FLAT_BORDER_SHARE}.
     */
    static Boolean mostlyFlatBorderIsBright(GrayImage image) {
        int[] histogram = Levels.histogram(border(image));
        int median = Levels.percentile(histogram, 0.5);
        long total = 0;
        long near = 0;
        for (int level = 0; level < 256; level++) {
            total += histogram[level];
            near += Math.abs(level - median) <= FLAT_BORDER_STD ? histogram[level] : 0;
        }
        if (near < FLAT_BORDER_SHARE * total || (median <= 170 && median >= 85)) {
            return null;
        }
        // the ink lies on the far side of the paper's level: light ink on a bright photograph is brighter still
        return inkIsDarkerThan(image, median);
    }

    /** Whether more pixels lie far below {@code paper} than far above it: ink darker than the paper. */
    static boolean inkIsDarkerThan(GrayImage image, float paper) {
        long darker = 0;
        long brighter = 0;
        for (float v : image.pixels()) {
            darker += v < paper - INK_CONTRAST ? 1 : 0;
            brighter += v > paper + INK_CONTRAST ? 1 : 0;
        }
        return darker > brighter;
    }

    /**
     * For a two-level image, whether the bright level is paper: its shares of the border and of the area,
     * together, outweigh the dark level's. Null when the image is not two-level.
     */
    static Boolean paperIsBrightInTwoLevels(GrayImage image) {
        float[] p = image.pixels();
        int[] histogram = Levels.histogram(p);
        int threshold = Levels.otsu(histogram);
        if (Levels.separation(histogram, threshold) < TWO_LEVEL_SEPARATION) {
            return null;
        }
        float[] border = border(image);
        double areaShare = (double) Levels.countAbove(p, threshold) / p.length;
        double borderShare = (double) Levels.countAbove(border, threshold) / border.length;
        if ((areaShare > 0.5) != (borderShare > 0.5)) {
            return null; // the area and the border disagree: no level is clearly the paper
        }
        boolean paperIsBright = areaShare > 0.5;
        // the paper's own median must leave the ink on the side the vote says: a bright photograph behind light ink
        // is two-level too, with the ink brighter than the "paper"
        int[] paperHistogram = new int[256];
        for (float v : p) {
            if (v > threshold == paperIsBright) {
                paperHistogram[Levels.bin(v)]++;
            }
        }
        return inkIsDarkerThan(image, Levels.percentile(paperHistogram, 0.5)) == paperIsBright ? paperIsBright : null;
    }

    /**
     * Whether the strokes stand out darker from the paper right around them than anything stands out brighter; null
     * when the border is not quiet enough for that to mean anything. Ink is thin: a median over a window wider than a
     * stroke is the paper's local level, so a stroke leaves a one-sided residual, while lighting (a vignette, a
     * gradient, a shadow) moves pixel and median alike. A digit filling its frame breaks this (there the paper is the
     * minority), and it shows on the border, where ink meets the frame: the border must be quiet, its residual per
     * pixel under {@link #QUIET_BORDER} of the image's.
     */
    static Boolean inkIsDarkerThanItsSurroundings(GrayImage image) {
        return inkIsDarkerThanItsSurroundings(image, Double.POSITIVE_INFINITY);
    }

    /**
     * @param loudBorderRatio on a loud border, how many times more the residuals must stand out on one side than on the
     *     other for a decision (infinite: stand aside whenever the border is loud)
     */
    static Boolean inkIsDarkerThanItsSurroundings(GrayImage image, double loudBorderRatio) {
        double fit = Math.min(1.0, (double) LOCAL_SIDE / Math.max(image.width(), image.height()));
        int w = Math.max(1, (int) Math.round(image.width() * fit));
        int h = Math.max(1, (int) Math.round(image.height() * fit));
        float[] small = flattened(MnistNormalizer.resampleArea(image, 0, 0, image.width(), image.height(), w, h), w, h);
        int reach = Math.max(1, Math.max(w, h) / 6); // a window a third of the image wide
        double darker = 0;
        double brighter = 0;
        double onBorder = 0;
        int borderPixels = 0;
        int[] paper = WindowMedian.of(small, w, h, reach);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float residual = small[y * w + x] - paper[y * w + x];
                float dark = Math.max(0f, -residual - LOCAL_NOISE);
                float bright = Math.max(0f, residual - LOCAL_NOISE);
                darker += dark;
                brighter += bright;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    onBorder += dark + bright;
                    borderPixels++;
                }
            }
        }
        double perPixel = (darker + brighter) / (w * h);
        boolean quiet = onBorder / borderPixels < QUIET_BORDER * perPixel;
        boolean clear = loudBorderRatio != Double.POSITIVE_INFINITY
                && Math.max(darker, brighter) >= loudBorderRatio * Math.min(darker, brighter);
        if (perPixel == 0 || !(quiet || clear)) {
            return null;
        }
        return darker > brighter;
    }

    /**
     * MNIST's own format, 28x28, in which the digit is centred in a 20x20 box and never touches the frame, over clutter
     * (MNIST's clean black field is flat and read before). An image of that size whose frame is paper crossed by ink
     * ({@link #paperFrameLevel}) is a crop that only happens to be 28x28.
     */
    static boolean isMnistFormatOnClutter(GrayImage image) {
        return image.width() == MnistNormalizer.SIZE && image.height() == MnistNormalizer.SIZE
                && paperFrameLevel(image) < 0;
    }

    /**
     * The paper's level when {@code image} is a crop on paper, else -1: the frame's median lies within
     * {@link #PAPER_AT_AN_END} of either end of the range and every corner's {@link #CORNER}-square is paper or ink
     * ({@link #isPaperOrInk}). A crop cut tight to its digit leaves most of its frame at white paper (black once
     * inverted), and ink crosses it only where it touches. The clutter behind an MNIST-format digit holds most of the
     * frame at neither end, or, a photograph with a dark or bright part, reaches a corner with a level between. Failing
     * that, bold ink may hold most of the frame of a crop ({@link #paperAmidInk}).
     */
    static int paperFrameLevel(GrayImage image) {
        int[] frame = Levels.histogram(border(image));
        int median = Levels.percentile(frame, 0.5);
        if (median > PAPER_AT_AN_END && median < 255 - PAPER_AT_AN_END) {
            return paperAmidInk(image, frame);
        }
        int w = image.width();
        int h = image.height();
        float ink = median < 128 ? 255 : 0; // a bold stroke stretched into the corner
        for (int[] corner : new int[][] {{0, 0}, {w - CORNER, 0}, {0, h - CORNER}, {w - CORNER, h - CORNER}}) {
            if (!isPaperOrInk(image, corner[0], corner[1], median, ink)) {
                return inkFillsFrame(image, median) ? median : paperAmidInk(image, frame);
            }
        }
        return median;
    }

    /**
     * The paper's level of a crop whose bold ink, stretched to fill the frame and shrunk to 28x28, holds most of the
     * frame and greys its corners, else -1. Its paper still lies at an end of the range on {@link #PAPER_AMID_INK} of
     * the frame, three corners of four lie on the paper's side of the midpoint (a digit is rounded), and one piece on
     * the ink's side of the midpoint reaches all four sides. On white paper, with all four corners paper, a piece
     * crossing the frame from one side to the opposite one suffices (a bold 1). Light ink crossing a dark frame is
     * what the clutter behind an MNIST-format digit looks like, so on black paper that does not count. On the
     * photographs behind such digits 1 image in 10,000 a set or fewer passed, on noise none (docs/models.md, "Bold ink
     * filling a 28x28 crop").
     */
    static int paperAmidInk(GrayImage image, int[] frame) {
        long total = 0;
        for (int count : frame) {
            total += count;
        }
        for (boolean white : new boolean[] {true, false}) {
            int from = white ? 255 - PAPER_AT_AN_END : 0;
            int to = white ? 255 : PAPER_AT_AN_END;
            long paper = 0;
            for (int level = from; level <= to; level++) {
                paper += frame[level];
            }
            if (paper < PAPER_AMID_INK * total) {
                continue;
            }
            int corners = paperCorners(image, white);
            // ink is on the far side of the midpoint from the paper
            if (corners >= 3 && onePieceReachesAllSides(image, MIDPOINT, !white)
                    || white && corners == 4 && onePieceReaches(image, MIDPOINT, false, true)) {
                return Levels.median(frame, from, to);
            }
        }
        return -1;
    }

    /**
     * Whether one piece of ink reaches all four sides: a digit stretched or cut to fill its frame, then shrunk, which
     * leaves gray halos in corners that {@link #isPaperOrInk} does not take for paper. An MNIST-format digit lies within
     * the middle 20x20 and never does, and on the photographs and noise behind such digits no piece did (docs/models.md).
     * Ink is what lies more than {@link #FILL_INK_REACH} levels from the {@code paper}, towards the other end.
     */
    static boolean inkFillsFrame(GrayImage image, int paper) {
        boolean paperIsDark = paper < 128;
        return onePieceReachesAllSides(image, paperIsDark ? paper + FILL_INK_REACH : paper - FILL_INK_REACH - 1,
                paperIsDark);
    }

    /** Whether one piece of the pixels above (or not above) {@code threshold} touches all four sides of the frame. */
    private static boolean onePieceReachesAllSides(GrayImage image, float threshold, boolean above) {
        return onePieceReaches(image, threshold, above, false);
    }

    /**
     * Whether one piece of the pixels above (or not above) {@code threshold} touches all four sides of the frame, or,
     * when {@code opposite}, two opposite sides at least.
     */
    private static boolean onePieceReaches(GrayImage image, float threshold, boolean above, boolean opposite) {
        int w = image.width();
        int h = image.height();
        Components pieces = Components.of(image, threshold, above);
        int[] labels = pieces.labels();
        int[] sides = new int[pieces.count() + 1]; // per piece, a bit for each side it reaches
        for (int x = 0; x < w; x++) {
            sides[labels[x]] |= TOP;
            sides[labels[(h - 1) * w + x]] |= BOTTOM;
        }
        for (int y = 0; y < h; y++) {
            sides[labels[y * w]] |= LEFT;
            sides[labels[y * w + w - 1]] |= RIGHT;
        }
        for (int piece = 1; piece < sides.length; piece++) {
            int reached = sides[piece];
            boolean crosses = (reached & (TOP | BOTTOM)) == (TOP | BOTTOM) || (reached & (LEFT | RIGHT)) == (LEFT | RIGHT);
            if (reached == (TOP | BOTTOM | LEFT | RIGHT) || (opposite && crosses)) {
                return true;
            }
        }
        return false;
    }

    /** How many of the four {@link #CORNER}-squares lie on white (or black) paper's side of the midpoint, 127.5. */
    private static int paperCorners(GrayImage image, boolean white) {
        int count = 0;
        for (double mean : cornerMeans(image, CORNER)) {
            count += (mean > MIDPOINT) == white ? 1 : 0;
        }
        return count;
    }

    /** The mean level of the {@code side}-square at each corner: top-left, top-right, bottom-left, bottom-right. */
    private static double[] cornerMeans(GrayImage image, int side) {
        int w = image.width();
        int h = image.height();
        int[][] corners = {{0, 0}, {w - side, 0}, {0, h - side}, {w - side, h - side}};
        double[] means = new double[corners.length];
        for (int c = 0; c < corners.length; c++) {
            double sum = 0;
            for (int y = corners[c][1]; y < corners[c][1] + side; y++) {
                for (int x = corners[c][0]; x < corners[c][0] + side; x++) {
                    sum += image.get(x, y);
                }
            }
            means[c] = sum / (side * side);
        }
        return means;
    }

    /**
     * Whether the {@link #CORNER}-square at ({@code x0}, {@code y0}) is paper or ink: on average within
     * {@link #FLAT_BORDER_STD} of either, or crossed by a stroke of a digit cut tight, whose edge (blurred by
     * enlarging) leaves paper beside ink ({@link #EDGE_REACH}) or, blurred further, beside a level between
     * ({@link #PAPER_REACH}). A photograph's corner at a level between holds neither.
     */
    private static boolean isPaperOrInk(GrayImage image, int x0, int y0, float paper, float ink) {
        double sum = 0;
        float nearestToPaper = Float.MAX_VALUE;
        float nearestToInk = Float.MAX_VALUE;
        for (int y = y0; y < y0 + CORNER; y++) {
            for (int x = x0; x < x0 + CORNER; x++) {
                float v = image.get(x, y);
                sum += v;
                nearestToPaper = Math.min(nearestToPaper, Math.abs(v - paper));
                nearestToInk = Math.min(nearestToInk, Math.abs(v - ink));
            }
        }
        double mean = sum / (CORNER * CORNER);
        boolean flat = Math.abs(mean - paper) <= FLAT_BORDER_STD || Math.abs(mean - ink) <= FLAT_BORDER_STD;
        boolean strokeEdge = nearestToPaper <= EDGE_REACH && nearestToInk <= EDGE_REACH;
        return flat || strokeEdge || nearestToPaper <= PAPER_REACH;
    }

    static float borderMean(GrayImage image) {
        return (float) borderMeanAndStd(image)[0];
    }

    private static double[] borderMeanAndStd(GrayImage image) {
        double sum = 0;
        double squares = 0;
        float[] border = border(image);
        for (float v : border) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / border.length;
        return new double[] {mean, Math.sqrt(Math.max(0, squares / border.length - mean * mean))};
    }

    /**
     * The image less its least-squares quadratic surface, lifted back to its mean: a vignette or a gradient goes, so a
     * window that the frame clips sees the paper at the border's own level.
     */
    static float[] flattened(float[] pixels, int w, int h) {
        double[][] normal = new double[6][7];
        double[] terms = new double[6];
        double mean = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                quadraticTerms(x, y, w, h, terms);
                float v = pixels[y * w + x];
                mean += v;
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 6; j++) {
                        normal[i][j] += terms[i] * terms[j];
                    }
                    normal[i][6] += terms[i] * v;
                }
            }
        }
        mean /= pixels.length;
        double[] c = solve(normal);
        if (c == null) { // a single row or column: no surface to fit
            return pixels.clone();
        }
        float[] out = new float[pixels.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                quadraticTerms(x, y, w, h, terms);
                double surface = 0;
                for (int i = 0; i < 6; i++) {
                    surface += c[i] * terms[i];
                }
                out[y * w + x] = (float) Math.max(0, Math.min(255, pixels[y * w + x] - surface + mean));
            }
        }
        return out;
    }

    private static void quadraticTerms(int x, int y, int w, int h, double[] terms) {
        double u = (x + 0.5) / w - 0.5;
        double v = (y + 0.5) / h - 0.5;
        terms[0] = 1;
        terms[1] = u;
        terms[2] = v;
        terms[3] = u * u;
        terms[4] = u * v;
        terms[5] = v * v;
    }

    /** Gauss-Jordan elimination with partial pivoting of an augmented n x (n+1) system; null when it is singular. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            if (Math.abs(a[col][col]) < 1e-9) {
                return null;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k <= n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i];
        }
        return x;
    }

    /** The pixels of the image's outermost rows and columns, in row order. */
    static float[] border(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] border = new float[h == 1 ? w : w == 1 ? h : 2 * w + 2 * (h - 2)];
        int n = 0;
        for (int y = 0; y < h; y++) {
            if (y == 0 || y == h - 1) {
                for (int x = 0; x < w; x++) {
                    border[n++] = image.get(x, y);
                }
            } else {
                border[n++] = image.get(0, y);
                if (w > 1) {
                    border[n++] = image.get(w - 1, y);
                }
            }
        }
        return border;
    }


    /** Mean of the central half (in each direction) of the image. */
    static double centreMean(GrayImage image) {
        int w = image.width();
        int h = image.height();
        double sum = 0;
        int count = 0;
        for (int y = h / 4; y < h - h / 4; y++) {
            for (int x = w / 4; x < w - w / 4; x++) {
                sum += image.get(x, y);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
