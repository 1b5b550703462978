package io.digitstream.model.image;

/**
 * Keeps the digit's strokes and drops the rest (specks, clutter left by a noisy background, fragments of
 * lines): the image is split at Otsu's threshold into connected ink components (8-connected), the heavy
 * ones are kept (near the heaviest, ink mass at least {@link #KEEP_FRACTION} of it, so a digit drawn in two
 * strokes keeps both; farther away, at least {@link #FAR_KEEP_FRACTION}, so a stray fragment of a line goes; in a
 * clean two-level image also the pieces of a broken stroke), and every pixel outside them and a {@link #MARGIN}-pixel
 * rim is cleared. Faint kept ink is then
 * stretched so its 95th percentile is full white: a faint pencil digit meets the model at MNIST contrast.
 */
public final class StrokeSelector {

    static final double KEEP_FRACTION = 0.05;
    /** A component away from the heaviest one's box (a quarter of its size around it) must be this heavy to stay. */
    static final double FAR_KEEP_FRACTION = 0.3;
    /** Pixels this close to kept ink stay: a stroke's faint anti-aliased rim is part of it. */
    static final int MARGIN = 2;
    /** In a clean two-level image, a piece this close to kept ink (a share of the digit's size) belongs to it. */
    static final double GAP_SHARE = 0.10;
    static final int GAP_ROUNDS = 4;
    static final float MIN_THRESHOLD = 16f;
    /** Ink whose 95th percentile is below this is faint and gets stretched; above, it is left exactly as it is. */
    static final float FAINT = 240f;

    private StrokeSelector() {
    }

    public static GrayImage selectDigit(GrayImage ink) {
        int w = ink.width();
        int h = ink.height();
        float[] p = ink.pixels();
        int[] histogram = Levels.histogram(p);
        int otsu = Levels.otsu(histogram);
        float threshold = Math.max(MIN_THRESHOLD, otsu);
        Components pieces = Components.of(ink, threshold, true);
        int[] component = pieces.labels();
        double[] masses = pieces.sums(p);
        if (masses.length == 0) {
            return ink; // nothing stands out: the normalizer decides whether it is blank
        }
        int heaviest = 0;
        for (int c = 1; c < masses.length; c++) {
            if (masses[c] > masses[heaviest]) {
                heaviest = c;
            }
        }
        int[][] boxes = boxes(component, w, h, masses.length);
        int[] main = boxes[heaviest];
        int reach = Math.max(main[2] - main[0], main[3] - main[1]) / 4;
        boolean[] kept = new boolean[masses.length + 1];
        for (int c = 0; c < masses.length; c++) {
            double share = masses[c] / masses[heaviest];
            int[] box = boxes[c];
            boolean near = box[0] <= main[2] + reach && box[2] >= main[0] - reach
                    && box[1] <= main[3] + reach && box[3] >= main[1] - reach;
            kept[c + 1] = share >= FAR_KEEP_FRACTION || (near && share >= KEEP_FRACTION);
        }
        if (Levels.separation(histogram, otsu) >= InkPolarity.TWO_LEVEL_SEPARATION) {
            keepFragmentsWithinGap(component, kept, w, h, Math.max(main[2] - main[0], main[3] - main[1]) + 1);
        }
        boolean[] near = dilate(component, kept, w, h, MARGIN);
        float[] out = new float[p.length];
        int[] keptHistogram = new int[256];
        for (int i = 0; i < p.length; i++) {
            if (near[i]) {
                out[i] = p[i];
                if (kept[component[i]]) {
                    keptHistogram[Levels.bin(p[i])]++;
                }
            }
        }
        float full = Levels.percentile(keptHistogram, 0.95);
        if (full > 0 && full < FAINT) {
            float gain = 255f / full;
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.min(255f, out[i] * gain);
            }
        }
        return new GrayImage(w, h, out);
    }

    /**
     * A clean two-level scan of thin strokes (16x16 binarized, then enlarged) breaks a stroke into pieces a
     * source pixel apart, each too light to count on its own: pieces within {@link #GAP_SHARE} of the digit's size of
     * kept ink are part of it, and so, in turn, are pieces that near (at most {@link #GAP_ROUNDS} hops). Not on noisy
     * or shaded images, where such pieces are mostly clutter.
     */
    private static void keepFragmentsWithinGap(int[] component, boolean[] kept, int w, int h, int digitSize) {
        int gap = (int) Math.round(GAP_SHARE * digitSize);
        if (gap <= MARGIN) {
            return; // the rim kept anyway reaches as far
        }
        for (int round = 0; round < GAP_ROUNDS; round++) {
            boolean[] within = dilate(component, kept, w, h, gap);
            boolean grew = false;
            for (int i = 0; i < component.length; i++) {
                if (within[i] && !kept[component[i]] && component[i] > 0) {
                    kept[component[i]] = true;
                    grew = true;
                }
            }
            if (!grew) {
                return;
            }
        }
    }

    /** {minX, minY, maxX, maxY} of each component (labels 1..n at index label - 1). */
    private static int[][] boxes(int[] component, int w, int h, int n) {
        int[][] boxes = new int[n][];
        for (int c = 0; c < n; c++) {
            boxes[c] = new int[] {w, h, -1, -1};
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int label = component[y * w + x];
                if (label > 0) {
                    int[] box = boxes[label - 1];
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x);
                    box[3] = Math.max(box[3], y);
                }
            }
        }
        return boxes;
    }

    /** Pixels within {@code margin} (Chebyshev distance) of kept ink: a separable max, rows then columns. */
    private static boolean[] dilate(int[] component, boolean[] kept, int w, int h, int margin) {
        boolean[] rows = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int last = Integer.MIN_VALUE / 2; // x of the latest kept pixel seen, scanning left to right
            for (int x = 0; x < w + margin; x++) {
                if (x < w && kept[component[y * w + x]]) {
                    last = x;
                }
                int target = x - margin; // its window [target - margin, target + margin] ends at x
                if (target >= 0 && target < w) {
                    rows[y * w + target] = x - last <= 2 * margin;
                }
            }
        }
        boolean[] near = new boolean[w * h];
        int[] last = new int[w]; // per column, y of the latest near-row pixel seen; rows scanned in memory order
        java.util.Arrays.fill(last, Integer.MIN_VALUE / 2);
        for (int y = 0; y < h + margin; y++) {
            if (y < h) {
                for (int x = 0; x < w; x++) {
                    if (rows[y * w + x]) {
                        last[x] = y;
                    }
                }
            }
            int target = y - margin;
            if (target >= 0 && target < h) {
                for (int x = 0; x < w; x++) {
                    near[target * w + x] = y - last[x] <= 2 * margin;
                }
            }
        }
        return near;
    }
}
