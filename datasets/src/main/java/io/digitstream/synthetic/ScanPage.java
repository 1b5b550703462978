package io.digitstream.synthetic;

import java.util.SplittableRandom;

/**
 * The {@code scan-page} training family: a broader page than {@link NotebookPage}, so that a model does not learn one
 * generator's paper. Coloured and dark (kraft, recycled) paper; plain, lined, squared or dotted rulings of many
 * pitches and colours, tilted by up to 1 degree, with or without a margin line; ballpoint, felt-tip or grainy pencil in seven
 * colours, strokes made bolder or thinner; the digit placed by a random perspective map (keystone, shear, aspect,
 * rotation); exposure, colour cast, gradient, vignette, a soft shadow edge and crumple-like low-frequency shading;
 * blur, sensor noise, and PNG or JPEG at quality 30..95. Every choice is drawn first ({@link #draw}), then rendered
 * ({@link #render}), so tests can see what was chosen.
 */
record ScanPage(int width, int height, Sheet sheet, Hand hand, Capture capture) {
    static final int MIN_SIZE = 40;
    static final int MAX_SIZE = 128;
    static final int EDGE_MARGIN = 2;
    static final int MIN_QUALITY = 30;
    static final int MAX_QUALITY = 95;

    enum Ruling {
        PLAIN, LINED, SQUARED, DOTTED
    }

    /** Paper tones: {@code WHITE} off-white, {@code TINTED} pastel, {@code DARK} kraft or gray recycled paper. */
    enum Tone {
        WHITE, TINTED, DARK
    }

    /**
     * @param spacing line pitch in pixels, along the tilted axes; lines lie at {@code offset + k * spacing}
     * @param tiltRadians the rulings' angle to the page's axes
     * @param marginX where a vertical margin line starts, or -1 for none
     */
    record Sheet(Tone tone, double[] paper, Ruling ruling, double[] line, double lineAlpha, int lineThickness,
            double spacing, double offset, double tiltRadians, int marginX, double[] marginColor) {
    }

    /**
     * @param inverse  the page-to-digit map: page pixel to source digit pixel (a 3x3 homography, row-major)
     * @param grain    pencil grain: the fraction of coverage a pixel may lose at random (0 for pens)
     * @param stroke   -1 thinner, 0 as written, 1 bolder ({@link #strokes})
     * @param extent   the digit's bounding box on the page {x0, y0, x1, y1}
     */
    record Hand(double[] color, double opacity, double grain, int stroke, double[] inverse, double[] extent) {
    }

    /**
     * @param cast       per-channel gain (a colour cast of the light or the camera)
     * @param shadow     how much darker the shadowed side is (0 for none), beyond a soft edge of {@code shadowSoftness}
     *                   pixels on the line through {@code (shadowX, shadowY)} at {@code shadowRadians}
     * @param crumple    amplitude of the low-frequency shading (0 for none), on a {@code crumpleGrid}-cell grid
     */
    record Capture(double exposure, double[] cast, double gradient, double gradientRadians, double vignette,
            double shadow, double shadowX, double shadowY, double shadowRadians, double shadowSoftness,
            double crumple, int crumpleGrid, long crumpleSeed, double blurSigma, double noiseSigma,
            ImageEncoding format, int quality) {
    }

    private static final double[][] TINTS = {{250, 242, 195}, {214, 228, 246}, {214, 240, 216}, {246, 220, 226},
            {222, 218, 210}};
    private static final double[][] LINE_COLORS = {{150, 190, 235}, {175, 175, 180}, {150, 205, 160},
            {235, 150, 160}, {110, 110, 115}};
    private static final double[][] INKS = {{25, 25, 30}, {30, 60, 170}, {20, 30, 95}, {70, 40, 125}, {160, 30, 35},
            {25, 110, 50}};

    static ScanPage draw(byte[] digit, int digitWidth, int digitHeight, SplittableRandom random) {
        int height = MIN_SIZE + random.nextInt(MAX_SIZE - MIN_SIZE + 1);
        int width = clamp((int) Math.round(height * Seeds.uniform(random, 0.75, 1.33)), MIN_SIZE, MAX_SIZE);
        Sheet sheet = drawSheet(width, height, random);
        Hand hand = drawHand(digit, digitWidth, digitHeight, width, height, random);
        boolean shadow = random.nextDouble() < 0.35;
        boolean crumple = random.nextDouble() < 0.4;
        boolean png = random.nextDouble() < 0.35;
        Capture capture = new Capture(
                Seeds.uniform(random, 0.85, 1.05),
                new double[] {Seeds.uniform(random, 0.93, 1.04), Seeds.uniform(random, 0.93, 1.04),
                        Seeds.uniform(random, 0.93, 1.04)},
                Seeds.uniform(random, 0, 0.25), Seeds.uniform(random, 0, 2 * Math.PI),
                Seeds.uniform(random, 0, 0.2),
                // A soft shadow edge: a hard one cuts the page in two, which no denoise stage can read as paper.
                shadow ? Seeds.uniform(random, 0.1, 0.3) : 0, Seeds.uniform(random, 0, width),
                Seeds.uniform(random, 0, height), Seeds.uniform(random, 0, 2 * Math.PI), Seeds.uniform(random, 8, 30),
                crumple ? Seeds.uniform(random, 0.03, 0.1) : 0, 3 + random.nextInt(4), random.nextLong(),
                Seeds.uniform(random, 0.2, 1.5), Seeds.uniform(random, 0.5, 8),
                png ? ImageEncoding.PNG : ImageEncoding.JPEG,
                MIN_QUALITY + random.nextInt(MAX_QUALITY - MIN_QUALITY + 1));
        return new ScanPage(width, height, sheet, hand, capture);
    }

    private static Sheet drawSheet(int width, int height, SplittableRandom random) {
        double u = random.nextDouble();
        Tone tone = u < 0.55 ? Tone.WHITE : u < 0.85 ? Tone.TINTED : Tone.DARK;
        double[] paper = switch (tone) {
            case WHITE -> {
                double level = Seeds.uniform(random, 225, 252);
                yield new double[] {level, level, level - Seeds.uniform(random, 0, 12)};
            }
            case TINTED -> jittered(TINTS[random.nextInt(TINTS.length)], 8, random);
            case DARK -> {
                double level = Seeds.uniform(random, 175, 215);
                double brown = Seeds.uniform(random, 0, 30);
                yield new double[] {level, level - brown / 2, level - brown};
            }
        };
        Ruling ruling = Ruling.values()[random.nextInt(Ruling.values().length)];
        int lineIndex = random.nextInt(LINE_COLORS.length);
        double[] line = jittered(LINE_COLORS[lineIndex], 10, random);
        // The dark gray rulings are printed fainter, as on graph paper.
        double lineAlpha = lineIndex == LINE_COLORS.length - 1 ? Seeds.uniform(random, 0.3, 0.55)
                : Seeds.uniform(random, 0.4, 1.0);
        int lineThickness = random.nextDouble() < 0.75 ? 1 : 2;
        double spacing = Math.max(4, height * Seeds.uniform(random, 0.08, 0.35));
        double offset = Seeds.uniform(random, 0, spacing);
        double tilt = StrictMath.toRadians(Seeds.uniform(random, -1, 1));
        int marginX = random.nextDouble() < 0.25 ? (int) Math.round(width * Seeds.uniform(random, 0.05, 0.25)) : -1;
        double[] marginColor = {Seeds.uniform(random, 200, 240), Seeds.uniform(random, 60, 130),
                Seeds.uniform(random, 70, 140)};
        return new Sheet(tone, paper, ruling, line, lineAlpha, lineThickness, spacing, offset, tilt, marginX,
                marginColor);
    }

    private static Hand drawHand(byte[] digit, int digitWidth, int digitHeight, int width, int height,
            SplittableRandom random) {
        boolean pencil = random.nextDouble() < 0.2;
        double[] color;
        double opacity;
        double grain;
        if (pencil) {
            double level = Seeds.uniform(random, 60, 115);
            color = new double[] {level, level, level + Seeds.uniform(random, 0, 8)};
            opacity = Seeds.uniform(random, 0.5, 0.85);
            grain = Seeds.uniform(random, 0.2, 0.5);
        } else {
            color = jittered(INKS[random.nextInt(INKS.length)], 12, random);
            opacity = Seeds.uniform(random, 0.8, 1.0);
            grain = 0;
        }
        double s = random.nextDouble();
        int stroke = s < 0.25 ? 1 : s < 0.4 ? -1 : 0;
        int[] box = NotebookPage.inkBox(digit, digitWidth, digitHeight);
        double halfWidth = (box[2] - box[0] + 2) / 2.0;
        double halfHeight = (box[3] - box[1] + 2) / 2.0;
        double sourceX = (box[0] + box[2]) / 2.0;
        double sourceY = (box[1] + box[3]) / 2.0;
        double px = Seeds.uniform(random, -0.12, 0.12) / halfWidth;
        double py = Seeds.uniform(random, -0.12, 0.12) / halfHeight;
        double radians = StrictMath.toRadians(Seeds.uniform(random, -10, 10));
        double shear = Seeds.uniform(random, -0.3, 0.3);
        double aspect = Seeds.uniform(random, 0.8, 1.2);
        // Linear part L = R * Shear * diag(aspect, 1), scaled later.
        double cos = StrictMath.cos(radians);
        double sin = StrictMath.sin(radians);
        double l00 = cos * aspect;
        double l01 = cos * shear - sin;
        double l10 = sin * aspect;
        double l11 = sin * shear + cos;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int corner = 0; corner < 4; corner++) {
            double x = (corner & 1) == 0 ? -halfWidth : halfWidth;
            double y = (corner & 2) == 0 ? -halfHeight : halfHeight;
            double w = 1 + px * x + py * y;
            double qx = x / w;
            double qy = y / w;
            double ex = l00 * qx + l01 * qy;
            double ey = l10 * qx + l11 * qy;
            minX = Math.min(minX, ex);
            maxX = Math.max(maxX, ex);
            minY = Math.min(minY, ey);
            maxY = Math.max(maxY, ey);
        }
        double scale = Seeds.uniform(random, 0.4, 0.85) * height / (maxY - minY);
        scale = Math.min(scale, Math.min((width - 2.0 * EDGE_MARGIN) / (maxX - minX),
                (height - 2.0 * EDGE_MARGIN) / (maxY - minY)));
        double left = EDGE_MARGIN - scale * minX;
        double right = width - EDGE_MARGIN - scale * maxX;
        double top = EDGE_MARGIN - scale * minY;
        double bottom = height - EDGE_MARGIN - scale * maxY;
        double tx = Seeds.uniform(random, left, Math.max(left, right));
        double ty = Seeds.uniform(random, top, Math.max(top, bottom));
        // Inverse: page -> (L s)^-1 (page - t) -> undo the perspective division -> + source centre.
        double det = scale * scale * (l00 * l11 - l01 * l10);
        double i00 = scale * l11 / det;
        double i01 = -scale * l01 / det;
        double i10 = -scale * l10 / det;
        double i11 = scale * l00 / det;
        // q = I (page - t); w = 1 / (1 - px qx - py qy); source = q w + centre. As one homography, row-major:
        double a0 = i00;
        double a1 = i01;
        double a2 = -(i00 * tx + i01 * ty);
        double b0 = i10;
        double b1 = i11;
        double b2 = -(i10 * tx + i11 * ty);
        // denominator d = 1 - px qx - py qy
        double c0 = -(px * a0 + py * b0);
        double c1 = -(px * a1 + py * b1);
        double c2 = 1 - (px * a2 + py * b2);
        double[] inverse = {a0 + sourceX * c0, a1 + sourceX * c1, a2 + sourceX * c2,
                b0 + sourceY * c0, b1 + sourceY * c1, b2 + sourceY * c2, c0, c1, c2};
        double[] extent = {tx + scale * minX, ty + scale * minY, tx + scale * maxX, ty + scale * maxY};
        return new Hand(color, opacity, grain, stroke, inverse, extent);
    }

    /** Where page pixel {@code (x, y)} lies in the source digit, or null where the map folds over (behind the eye). */
    double[] sourceOf(double x, double y) {
        double[] h = hand.inverse();
        double d = h[6] * x + h[7] * y + h[8];
        if (d <= 1e-6) {
            return null;
        }
        return new double[] {(h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d};
    }

    /** Renders the page as interleaved R, G, B bytes, drawing the pencil grain and sensor noise from {@code random}. */
    byte[] render(byte[] digit, int digitWidth, int digitHeight, SplittableRandom random) {
        byte[] ink = strokes(digit, digitWidth, digitHeight, hand.stroke());
        int size = width * height;
        double[][] rgb = new double[3][size];
        double cosTilt = StrictMath.cos(sheet.tiltRadians());
        double sinTilt = StrictMath.sin(sheet.tiltRadians());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] color = sheet.paper().clone();
                double along = x * cosTilt + y * sinTilt;
                double across = -x * sinTilt + y * cosTilt;
                boolean rowLine = onLine(across);
                boolean columnLine = onLine(along);
                boolean ruled = switch (sheet.ruling()) {
                    case PLAIN -> false;
                    case LINED -> rowLine;
                    case SQUARED -> rowLine || columnLine;
                    case DOTTED -> rowLine && columnLine;
                };
                if (ruled) {
                    blend(color, sheet.line(), sheet.lineAlpha());
                }
                if (sheet.marginX() >= 0 && Math.abs(along - sheet.marginX()) < 1) {
                    blend(color, sheet.marginColor(), 0.85);
                }
                double[] source = sourceOf(x, y);
                if (source != null) {
                    double coverage = Bilinear.sample(ink, digitWidth, digitHeight, source[0], source[1]) / 255.0;
                    if (coverage > 0) {
                        if (hand.grain() > 0) {
                            coverage *= 1 - hand.grain() * random.nextDouble();
                        }
                        blend(color, hand.color(), coverage * hand.opacity());
                    }
                }
                for (int c = 0; c < 3; c++) {
                    rgb[c][y * width + x] = color[c];
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            rgb[c] = GaussianBlur.blur(rgb[c], width, height, capture.blurSigma());
        }
        byte[] out = new byte[3 * size];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double light = light(x, y);
                int i = y * width + x;
                for (int c = 0; c < 3; c++) {
                    double value = rgb[c][i] * light * capture.cast()[c] + capture.noiseSigma() * Seeds.gaussian(random);
                    out[3 * i + c] = (byte) clamp((int) Math.round(value), 0, 255);
                }
            }
        }
        return out;
    }

    /** The light falling on page pixel {@code (x, y)}: exposure times gradient, vignette, shadow and crumple. */
    double light(double x, double y) {
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double ux = StrictMath.cos(capture.gradientRadians());
        double uy = StrictMath.sin(capture.gradientRadians());
        double halfSpan = Math.abs(ux) * cx + Math.abs(uy) * cy;
        double along = ((x - cx) * ux + (y - cy) * uy + halfSpan) / (2 * halfSpan);
        double radius2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (cx * cx + cy * cy);
        double light = capture.exposure() * (1 - capture.gradient() * along) * (1 - capture.vignette() * radius2);
        if (capture.shadow() > 0) {
            double distance = (x - capture.shadowX()) * StrictMath.cos(capture.shadowRadians())
                    + (y - capture.shadowY()) * StrictMath.sin(capture.shadowRadians());
            double t = Math.max(0, Math.min(1, 0.5 + distance / capture.shadowSoftness()));
            light *= 1 - capture.shadow() * t * t * (3 - 2 * t);
        }
        if (capture.crumple() > 0) {
            light *= 1 + capture.crumple() * crumpleField(x, y);
        }
        return light;
    }

    /**
     * A smooth field in [-1, 1]: values hashed from the page's own choices at the corners of a
     * {@code crumpleGrid x crumpleGrid} grid (hashed from {@code crumpleSeed}), interpolated with smoothstep weights.
     */
    double crumpleField(double x, double y) {
        int grid = capture.crumpleGrid();
        double gx = x / Math.max(1, width - 1) * grid;
        double gy = y / Math.max(1, height - 1) * grid;
        int x0 = Math.min(grid - 1, (int) Math.floor(gx));
        int y0 = Math.min(grid - 1, (int) Math.floor(gy));
        double fx = smooth(gx - x0);
        double fy = smooth(gy - y0);
        return (1 - fx) * (1 - fy) * node(x0, y0) + fx * (1 - fy) * node(x0 + 1, y0)
                + (1 - fx) * fy * node(x0, y0 + 1) + fx * fy * node(x0 + 1, y0 + 1);
    }

    private double node(int x, int y) {
        long z = Seeds.mix64(capture.crumpleSeed() + 0x9E3779B97F4A7C15L * (x * 131L + y + 1));
        return (z >>> 11) * 0x1.0p-53 * 2 - 1;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private boolean onLine(double position) {
        double phase = position - sheet.offset();
        return phase - Math.floor(phase / sheet.spacing()) * sheet.spacing() < sheet.lineThickness();
    }

    /** The digit with bolder (1) or thinner (-1) strokes, as {@link FormField} makes them, or as it is (0). */
    static byte[] strokes(byte[] digit, int width, int height, int stroke) {
        if (stroke == 0) {
            return digit;
        }
        double[] ink = new double[digit.length];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = (digit[i] & 0xFF) / 255.0;
        }
        double[] changed = FormField.morph(ink, width, height, stroke > 0);
        byte[] out = new byte[digit.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.round(255 * Math.max(0, Math.min(1, changed[i])));
        }
        return out;
    }

    private static double[] jittered(double[] base, double amount, SplittableRandom random) {
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            out[c] = Math.max(0, Math.min(255, base[c] + Seeds.uniform(random, -amount, amount)));
        }
        return out;
    }

    private static void blend(double[] color, double[] over, double alpha) {
        for (int c = 0; c < 3; c++) {
            color[c] = color[c] * (1 - alpha) + over[c] * alpha;
        }
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
