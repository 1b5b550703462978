package io.digitstream.synthetic;

import io.digitstream.schemas.PixelEncoding;
import java.util.Objects;

/**
 * One generated image, ready to become a {@code DigitImage} record: GRAY8 pixels (0 background, 255 ink) or the
 * bytes of a PNG/JPEG file. The array is not copied.
 *
 * @param label the source digit's label, 0..9
 */
public record SyntheticImage(PixelEncoding encoding, int width, int height, byte[] bytes, int label) {

    public SyntheticImage {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(bytes, "bytes");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        if (encoding == PixelEncoding.GRAY8 && bytes.length != width * height) {
            throw new IllegalArgumentException(bytes.length + " GRAY8 bytes do not make " + width + "x" + height);
        }
    }
}
