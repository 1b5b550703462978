package io.digitstream.synthetic;

import java.util.SplittableRandom;

/**
 * The {@code form-field} training variant: a digit as a form reader or an old scanner delivers it, cropped tight to
 * the ink (0..2 px of margin, so strokes touch the frame), its aspect ratio jittered or lost (stretched to fill the
 * square), strokes made bolder or thinner, sometimes binarized, sometimes seen at 8..16 px and upscaled (a blurry,
 * blocky low-resolution scan), at 20..96 px, mostly dark ink on paper of varying contrast, with sensor noise.
 *
 * <p>It is a family for training, not for claims: evaluation sets of the same kinds come from a separately written
 * generator and from real scans.
 */
final class FormField {

    private FormField() {
    }

    /** A GRAY8 image of any size; its polarity and contrast vary, as a scanner's do. */
    static SyntheticImageData draw(byte[] digit, int width, int height, SplittableRandom random) {
        double[] ink = new double[digit.length];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = (digit[i] & 0xFF) / 255.0;
        }
        double stroke = random.nextDouble();
        if (stroke < 0.3) {
            ink = morph(ink, width, height, true);
        } else if (stroke < 0.4) {
            ink = morph(ink, width, height, false);
        }
        if (random.nextDouble() < 0.25) {
            for (int i = 0; i < ink.length; i++) {
                ink[i] = ink[i] > 0.5 ? 1 : 0;
            }
        }
        int[] box = box(ink, width, height, random.nextInt(3));
        if (box == null) {
            box = new int[] {0, 0, width - 1, height - 1};
        }
        int cropW = box[2] - box[0] + 1;
        int cropH = box[3] - box[1] + 1;
        double aspect = (double) cropW / cropH;
        if (random.nextDouble() < 0.3) {
            aspect = 1; // stretched to fill its box
        } else {
            aspect *= Math.exp(Seeds.uniform(random, -0.3, 0.3));
        }
        int side = (int) Math.round(Seeds.uniform(random, 20, 96));
        int outW = Math.max(4, (int) Math.round(aspect >= 1 ? side : side * aspect));
        int outH = Math.max(4, (int) Math.round(aspect >= 1 ? side / aspect : side));
        double[] out;
        if (random.nextDouble() < 0.35) { // low resolution: area-reduce to 8..16 px, then upscale
            int small = 8 + random.nextInt(9);
            int smallW = Math.max(2, (int) Math.round(small * (double) outW / Math.max(outW, outH)));
            int smallH = Math.max(2, (int) Math.round(small * (double) outH / Math.max(outW, outH)));
            double[] reduced = resize(ink, width, box, smallW, smallH);
            out = resize(reduced, smallW, new int[] {0, 0, smallW - 1, smallH - 1}, outW, outH);
        } else {
            out = resize(ink, width, box, outW, outH);
        }
        if (random.nextDouble() < 0.3) {
            out = GaussianBlur.blur(out, outW, outH, Seeds.uniform(random, 0.5, 1.5));
        }
        boolean darkOnLight = random.nextDouble() < 0.75;
        double paper = darkOnLight ? Seeds.uniform(random, 170, 255) : Seeds.uniform(random, 0, 60);
        double inkLevel = darkOnLight ? Seeds.uniform(random, 0, 90) : Seeds.uniform(random, 180, 255);
        double noise = Seeds.uniform(random, 0, 8);
        byte[] pixels = new byte[outW * outH];
        for (int i = 0; i < pixels.length; i++) {
            double v = paper + (inkLevel - paper) * Math.min(1, Math.max(0, out[i])) + noise * Seeds.gaussian(random);
            pixels[i] = (byte) Math.min(255, Math.max(0, (int) Math.round(v)));
        }
        return new SyntheticImageData(outW, outH, pixels);
    }

    /** GRAY8 pixels of a size of their own. */
    record SyntheticImageData(int width, int height, byte[] pixels) {
    }

    /** 3x3 grey-level dilation (bolder strokes) or erosion blended half-way (thinner strokes that stay whole). */
    static double[] morph(double[] ink, int w, int h, boolean bolder) {
        double[] out = new double[ink.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = bolder ? 0 : 1;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.min(w - 1, Math.max(0, x + dx));
                        int yy = Math.min(h - 1, Math.max(0, y + dy));
                        v = bolder ? Math.max(v, ink[yy * w + xx]) : Math.min(v, ink[yy * w + xx]);
                    }
                }
                out[y * w + x] = bolder ? v : (v + ink[y * w + x]) / 2;
            }
        }
        return out;
    }

    /** The ink's bounding box grown by {@code margin} (clipped), or null without ink. */
    private static int[] box(double[] ink, int w, int h, int margin) {
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y * w + x] > 0.1) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            return null;
        }
        return new int[] {Math.max(0, minX - margin), Math.max(0, minY - margin), Math.min(w - 1, maxX + margin),
                Math.min(h - 1, maxY + margin)};
    }

    /** Resamples the box of a {@code srcW}-wide image to outW x outH: area averaging down, bilinear up. */
    private static double[] resize(double[] src, int srcW, int[] box, int outW, int outH) {
        int w = box[2] - box[0] + 1;
        int h = box[3] - box[1] + 1;
        double sx = (double) w / outW;
        double sy = (double) h / outH;
        double[] out = new double[outW * outH];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double value;
                if (sx > 1 || sy > 1) {
                    double sum = 0;
                    double weight = 0;
                    for (int y = (int) (oy * sy); y < Math.min(h, Math.ceil((oy + 1) * sy)); y++) {
                        double wy = Math.min((oy + 1) * sy, y + 1) - Math.max(oy * sy, y);
                        for (int x = (int) (ox * sx); x < Math.min(w, Math.ceil((ox + 1) * sx)); x++) {
                            double wx = Math.min((ox + 1) * sx, x + 1) - Math.max(ox * sx, x);
                            sum += wx * wy * src[(box[1] + y) * srcW + box[0] + x];
                            weight += wx * wy;
                        }
                    }
                    value = weight > 0 ? sum / weight : 0;
                } else {
                    double fx = Math.min(w - 1, Math.max(0, (ox + 0.5) * sx - 0.5));
                    double fy = Math.min(h - 1, Math.max(0, (oy + 0.5) * sy - 0.5));
                    int x0 = (int) fx;
                    int y0 = (int) fy;
                    int x1 = Math.min(w - 1, x0 + 1);
                    int y1 = Math.min(h - 1, y0 + 1);
                    double tx = fx - x0;
                    double ty = fy - y0;
                    value = (1 - ty) * ((1 - tx) * at(src, srcW, box, x0, y0) + tx * at(src, srcW, box, x1, y0))
                            + ty * ((1 - tx) * at(src, srcW, box, x0, y1) + tx * at(src, srcW, box, x1, y1));
                }
                out[oy * outW + ox] = value;
            }
        }
        return out;
    }

    private static double at(double[] src, int srcW, int[] box, int x, int y) {
        return src[(box[1] + y) * srcW + box[0] + x];
    }
}
