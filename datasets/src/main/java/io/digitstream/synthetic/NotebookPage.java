package io.digitstream.synthetic;

import java.util.SplittableRandom;

/**
 * The {@code notebook} variant: a digit written in dark ink on a page of a notebook, as a scanner or phone camera
 * delivers it. Every random choice is drawn first ({@link #draw}), then the page is rendered from those choices
 * ({@link #render}), so tests can see what was chosen.
 *
 * <p>The paper's lines stay axis-aligned: a scanned page comes out straight (scanners and scanning apps deskew), and
 * only the handwriting is slanted, by the digit's own small rotation.
 *
 * @param paper  the paper and its printed lines
 * @param writing where and how the digit is written
 * @param scan   what the capture does to the page: blur, lighting, noise, file format
 */
record NotebookPage(int width, int height, Paper paper, Writing writing, Scan scan) {
    static final int MIN_SIZE = 48;
    static final int MAX_SIZE = 128;
    /** Kept free between the digit's rotated bounding box and the page edge. */
    static final int EDGE_MARGIN = 2;

    /**
     * @param spacing line pitch in pixels; lines run through rows (columns) {@code offset + k * spacing}
     * @param lineThickness 1 or 2 pixels
     */
    record Paper(PaperStyle style, double[] color, double[] lineColor, double lineAlpha, int lineThickness,
            int spacing, int offsetX, int offsetY, int marginX, int marginThickness, double[] marginColor) {

        boolean onHorizontalLine(int y) {
            return style.horizontalLines() && Math.floorMod(y - offsetY, spacing) < lineThickness;
        }

        boolean onVerticalLine(int x) {
            return style.verticalLines() && Math.floorMod(x - offsetX, spacing) < lineThickness;
        }

        boolean onMargin(int x) {
            return style.margin() && x >= marginX && x < marginX + marginThickness;
        }
    }

    /**
     * The source digit's ink box, centred at {@code (sourceX, sourceY)}, scaled by {@code scale}, rotated
     * counter-clockwise by {@code degrees} and centred at {@code (centreX, centreY)} on the page, where its rotated
     * bounding box measures {@code extentX x extentY}.
     */
    record Writing(InkColor ink, double[] color, double opacity, double scale, double degrees, double sourceX,
            double sourceY, double centreX, double centreY, double extentX, double extentY) {
    }

    /**
     * @param blurSigma  gaussian blur of the optics, pixels
     * @param brightness overall exposure factor
     * @param gradient   how much darker the far side of the page is, along {@code gradientRadians}
     * @param vignette   how much darker the corners are than the centre
     * @param noiseSigma gaussian sensor noise per channel, gray levels
     * @param quality    JPEG quality (unused for PNG)
     */
    record Scan(double blurSigma, double brightness, double gradient, double gradientRadians, double vignette,
            double noiseSigma, ImageEncoding format, int quality) {
    }

    /** Draws every choice for one page, for a digit given as a GRAY8 image (0 background, 255 ink). */
    static NotebookPage draw(byte[] digit, int digitWidth, int digitHeight, SplittableRandom random) {
        int height = MIN_SIZE + random.nextInt(MAX_SIZE - MIN_SIZE + 1);
        int width = clamp((int) Math.round(height * Seeds.uniform(random, 0.8, 1.25)), MIN_SIZE, MAX_SIZE);
        Paper paper = drawPaper(width, height, random);
        Writing writing = drawWriting(digit, digitWidth, digitHeight, width, height, random);
        Scan scan = new Scan(
                Seeds.uniform(random, 0.3, 1.1),
                // Uneven, never so dark that the paper stops looking like paper (its edge stays above ~150).
                Seeds.uniform(random, 0.92, 1.04),
                Seeds.uniform(random, 0, 0.18),
                Seeds.uniform(random, 0, 2 * Math.PI),
                Seeds.uniform(random, 0, 0.15),
                Seeds.uniform(random, 1, 6),
                random.nextDouble() < 0.4 ? ImageEncoding.PNG : ImageEncoding.JPEG,
                75 + random.nextInt(21));
        return new NotebookPage(width, height, paper, writing, scan);
    }

    private static Paper drawPaper(int width, int height, SplittableRandom random) {
        PaperStyle style = PaperStyle.values()[random.nextInt(PaperStyle.values().length)];
        // Off-white, sometimes a little yellow (recycled or aged paper).
        double level = Seeds.uniform(random, 232, 250);
        double[] color = {level + Seeds.uniform(random, -3, 3), level + Seeds.uniform(random, -3, 3),
                level - Seeds.uniform(random, 0, 10)};
        double[] lineColor = random.nextBoolean()
                ? new double[] {Seeds.uniform(random, 150, 185), Seeds.uniform(random, 185, 215),
                        Seeds.uniform(random, 225, 245)} // light blue
                : gray(Seeds.uniform(random, 170, 200));
        // A digit spans about two to five lines or squares, as handwriting in an exercise book does.
        int spacing = Math.max(5, (int) Math.round(height * Seeds.uniform(random, 0.14, 0.25)));
        int lineThickness = random.nextDouble() < 0.7 ? 1 : 2;
        double[] marginColor = {Seeds.uniform(random, 205, 235), Seeds.uniform(random, 70, 120),
                Seeds.uniform(random, 80, 120)};
        return new Paper(style, color, lineColor, Seeds.uniform(random, 0.6, 1.0), lineThickness, spacing,
                random.nextInt(spacing), random.nextInt(spacing),
                (int) Math.round(width * Seeds.uniform(random, 0.08, 0.2)), 1 + random.nextInt(2), marginColor);
    }

    private static Writing drawWriting(byte[] digit, int digitWidth, int digitHeight, int width, int height,
            SplittableRandom random) {
        InkColor ink = InkColor.values()[random.nextInt(InkColor.values().length)];
        double[] color = {jitter(ink.red(), random), jitter(ink.green(), random), jitter(ink.blue(), random)};
        double opacity = ink.opacity() * Seeds.uniform(random, 0.85, 1.0);
        int[] box = inkBox(digit, digitWidth, digitHeight);
        // Bilinear sampling reaches one pixel beyond the outermost inked pixel centres: + 2, not + 1.
        double boxWidth = box[2] - box[0] + 2;
        double boxHeight = box[3] - box[1] + 2;
        double degrees = Seeds.uniform(random, -8, 8);
        double cos = Math.abs(StrictMath.cos(StrictMath.toRadians(degrees)));
        double sin = Math.abs(StrictMath.sin(StrictMath.toRadians(degrees)));
        double scale = Seeds.uniform(random, 0.45, 0.8) * height / boxHeight;
        // Wide digits on narrow pages: shrink until the rotated box fits inside the margins.
        double room = Math.min((width - 2.0 * EDGE_MARGIN) / (boxWidth * cos + boxHeight * sin),
                (height - 2.0 * EDGE_MARGIN) / (boxWidth * sin + boxHeight * cos));
        scale = Math.min(scale, room);
        double extentX = scale * (boxWidth * cos + boxHeight * sin);
        double extentY = scale * (boxWidth * sin + boxHeight * cos);
        double centreX = Seeds.uniform(random, EDGE_MARGIN + extentX / 2, width - EDGE_MARGIN - extentX / 2);
        double centreY = Seeds.uniform(random, EDGE_MARGIN + extentY / 2, height - EDGE_MARGIN - extentY / 2);
        return new Writing(ink, color, opacity, scale, degrees, (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0,
                centreX, centreY, extentX, extentY);
    }

    /** Renders the page as interleaved R, G, B bytes, row-major, drawing the sensor noise from {@code random}. */
    byte[] render(byte[] digit, int digitWidth, int digitHeight, SplittableRandom random) {
        int size = width * height;
        double[][] rgb = new double[3][size];
        double radians = StrictMath.toRadians(writing.degrees());
        double cos = StrictMath.cos(radians);
        double sin = StrictMath.sin(radians);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] color = paper.color().clone();
                if (paper.onHorizontalLine(y) || paper.onVerticalLine(x)) {
                    blend(color, paper.lineColor(), paper.lineAlpha());
                }
                if (paper.onMargin(x)) {
                    blend(color, paper.marginColor(), 0.9);
                }
                // Inverse of scale-then-rotate: where in the source digit this page pixel lies.
                double dx = (x - writing.centreX()) / writing.scale();
                double dy = (y - writing.centreY()) / writing.scale();
                double sx = writing.sourceX() + dx * cos - dy * sin;
                double sy = writing.sourceY() + dx * sin + dy * cos;
                double coverage = Bilinear.sample(digit, digitWidth, digitHeight, sx, sy) / 255.0;
                blend(color, writing.color(), coverage * writing.opacity());
                for (int c = 0; c < 3; c++) {
                    rgb[c][y * width + x] = color[c];
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            rgb[c] = GaussianBlur.blur(rgb[c], width, height, scan.blurSigma());
        }
        byte[] out = new byte[3 * size];
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double ux = StrictMath.cos(scan.gradientRadians());
        double uy = StrictMath.sin(scan.gradientRadians());
        double halfSpan = Math.abs(ux) * cx + Math.abs(uy) * cy; // largest projection of a pixel on the direction
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // 0 on the bright side of the gradient, 1 on the dark side; 0 at the centre, 1 in the corners.
                double along = ((x - cx) * ux + (y - cy) * uy + halfSpan) / (2 * halfSpan);
                double radius2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (cx * cx + cy * cy);
                double light = scan.brightness() * (1 - scan.gradient() * along) * (1 - scan.vignette() * radius2);
                int i = y * width + x;
                for (int c = 0; c < 3; c++) {
                    double value = rgb[c][i] * light + scan.noiseSigma() * Seeds.gaussian(random);
                    out[3 * i + c] = (byte) clamp((int) Math.round(value), 0, 255);
                }
            }
        }
        return out;
    }

    /** The smallest box {x0, y0, x1, y1} (inclusive) holding every inked pixel; the whole image if there is none. */
    static int[] inkBox(byte[] digit, int width, int height) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (digit[y * width + x] != 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, width - 1, height - 1} : new int[] {x0, y0, x1, y1};
    }

    private static void blend(double[] color, double[] over, double alpha) {
        for (int c = 0; c < 3; c++) {
            color[c] = color[c] * (1 - alpha) + over[c] * alpha;
        }
    }

    private static double[] gray(double level) {
        return new double[] {level, level, level};
    }

    private static double jitter(int level, SplittableRandom random) {
        return clamp((int) Math.round(level + Seeds.uniform(random, -12, 12)), 0, 255);
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
