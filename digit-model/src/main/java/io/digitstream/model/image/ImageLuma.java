package io.digitstream.model.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded image as ITU-R BT.601 luma on the 0..255 scale, whatever its bit depth, palette or transparency.
 *
 * <p>Gray samples are read as stored and scaled from their bit depth: the JDK's gray colour space is linear, and
 * converting through it to sRGB would lighten every mid-tone of a 16-bit scan. A palette's entries are looked up,
 * never read as levels. Transparent pixels are laid on a backdrop: white paper, unless every visible pixel is one
 * light colour, as when light ink is drawn on a transparent canvas; then the digit is the alpha channel, and white
 * paper would swallow it, so the backdrop is black.
 */
final class ImageLuma {

    /** Visible pixels whose luma spreads at most this much (standard deviation) are one colour. */
    static final double ONE_COLOUR_SPREAD = 16;
    /** One colour at least this light is light ink, which a black backdrop shows. */
    static final double LIGHT_INK = 128;

    private static final float WHITE = 255f;
    private static final float BLACK = 0f;

    private ImageLuma() {
    }

    static GrayImage of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        float[] luma = new float[width * height];
        float[] alpha = model.hasAlpha() ? new float[width * height] : null;
        if (isStoredGray(model, raster)) {
            float lumaScale = WHITE / ((1 << model.getComponentSize(0)) - 1);
            float alphaScale = alpha == null ? 0 : 1f / ((1 << model.getComponentSize(1)) - 1);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    luma[y * width + x] = raster.getSample(x, y, 0) * lumaScale;
                    if (alpha != null) {
                        alpha[y * width + x] = raster.getSample(x, y, 1) * alphaScale;
                    }
                }
            }
        } else {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int argb = image.getRGB(x, y);
                    luma[y * width + x] = 0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF)
                            + 0.114f * (argb & 0xFF);
                    if (alpha != null) {
                        alpha[y * width + x] = ((argb >>> 24) & 0xFF) / WHITE;
                    }
                }
            }
        }
        if (alpha != null) {
            float backdrop = backdrop(luma, alpha);
            for (int i = 0; i < luma.length; i++) {
                luma[i] = luma[i] * alpha[i] + backdrop * (1 - alpha[i]);
            }
        }
        return new GrayImage(width, height, luma);
    }

    /** Gray (and gray with alpha) samples of 1 to 16 bits, not indices into a palette. */
    private static boolean isStoredGray(ColorModel model, Raster raster) {
        int type = raster.getTransferType();
        return !(model instanceof IndexColorModel) && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT);
    }

    /** Black under visible pixels of one light colour (light ink on a transparent canvas), else white paper. */
    static float backdrop(float[] luma, float[] alpha) {
        double weight = 0;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < luma.length; i++) {
            weight += alpha[i];
            sum += alpha[i] * luma[i];
            squares += alpha[i] * luma[i] * luma[i];
        }
        if (weight == 0) {
            return WHITE;
        }
        double mean = sum / weight;
        double spread = Math.sqrt(Math.max(0, squares / weight - mean * mean));
        return spread <= ONE_COLOUR_SPREAD && mean >= LIGHT_INK ? BLACK : WHITE;
    }
}
