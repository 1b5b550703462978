package io.digitstream.dataset;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.nio.ByteBuffer;
import java.util.Locale;

/** How a source's stream can change under a model, for drift measurements: GRAY8 images inverted or rotated. */
public enum StreamChange {
    NONE, INVERT, ROT90, ROT180;

    public static StreamChange parse(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    /** The image changed; {@code image} itself is left as it was. */
    public DigitImage apply(DigitImage image) {
        if (this == NONE) {
            return image;
        }
        if (image.getEncoding() != PixelEncoding.GRAY8) {
            throw new IllegalArgumentException(name().toLowerCase(Locale.ROOT) + " changes GRAY8 images, not "
                    + image.getEncoding() + " (" + image.getId() + ")");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        ByteBuffer buffer = image.getPixels().duplicate();
        byte[] in = new byte[buffer.remaining()];
        buffer.get(in);
        byte[] out = new byte[in.length];
        int outWidth = this == ROT90 ? h : w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                byte p = in[y * w + x];
                switch (this) {
                    case INVERT -> out[y * w + x] = (byte) (255 - (p & 0xff));
                    case ROT90 -> out[x * outWidth + (h - 1 - y)] = p; // clockwise
                    case ROT180 -> out[(h - 1 - y) * w + (w - 1 - x)] = p;
                    default -> throw new AssertionError(this);
                }
            }
        }
        return DigitImage.newBuilder(image).setWidth(outWidth).setHeight(this == ROT90 ? w : h)
                .setPixels(ByteBuffer.wrap(out)).build();
    }
}
