package io.digitstream.model.image;

/**
 * The orientation a camera wrote into a JPEG's Exif block (TIFF tag 274): a phone held upright stores its picture
 * sideways and says so there, and the JDK's reader ignores it. Without it a photographed digit reaches the model on its
 * side. Reading is defensive: anything that is not a well-formed tag is orientation 1, as stored.
 */
final class ExifOrientation {

    /** As stored. */
    static final int NORMAL = 1;
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT = 3;

    private ExifOrientation() {
    }

    /** The orientation 1..8 of a JPEG's bytes, 1 when it has none. */
    static int of(byte[] jpeg) {
        int at = 2; // after SOI
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) { // start of scan, end of image: no more metadata
                return NORMAL;
            }
            int length = u16(jpeg, at + 2, false);
            if (length < 2) {
                return NORMAL;
            }
            if (marker == 0xE1 && isExif(jpeg, at + 4, length - 2)) {
                return orientation(jpeg, at + 10, at + 2 + length);
            }
            at += 2 + length;
        }
        return NORMAL;
    }

    private static boolean isExif(byte[] bytes, int at, int length) {
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        if (length < exif.length || at + exif.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < exif.length; i++) {
            if (bytes[at + i] != exif[i]) {
                return false;
            }
        }
        return true;
    }

    /** Tag 274 of the first IFD of the TIFF structure at {@code tiff}, which must end by {@code end}. */
    private static int orientation(byte[] bytes, int tiff, int end) {
        end = Math.min(end, bytes.length);
        if (tiff + 8 > end) {
            return NORMAL;
        }
        boolean little;
        if (bytes[tiff] == 'I' && bytes[tiff + 1] == 'I') {
            little = true;
        } else if (bytes[tiff] == 'M' && bytes[tiff + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        long ifd = tiff + u32(bytes, tiff + 4, little);
        if (ifd + 2 > end) {
            return NORMAL;
        }
        int entries = u16(bytes, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return NORMAL;
            }
            if (u16(bytes, entry, little) == ORIENTATION_TAG && u16(bytes, entry + 2, little) == SHORT) {
                int value = u16(bytes, entry + 8, little);
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    /** The image as the camera meant it to be seen. */
    static GrayImage apply(GrayImage stored, int orientation) {
        if (orientation == NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        boolean turned = orientation >= 5;
        int outWidth = turned ? h : w;
        int outHeight = turned ? w : h;
        float[] out = new float[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; } // mirrored
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; } // upside down
                    case 4 -> { sx = x; sy = h - 1 - y; } // mirrored upside down
                    case 5 -> { sx = y; sy = x; } // transposed
                    case 6 -> { sx = y; sy = h - 1 - x; } // stored turned a quarter anticlockwise
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; } // transversed
                    default -> { sx = w - 1 - y; sy = x; } // 8: stored turned a quarter clockwise
                }
                out[y * outWidth + x] = stored.get(sx, sy);
            }
        }
        return new GrayImage(outWidth, outHeight, out);
    }

    private static int u16(byte[] bytes, int at, boolean little) {
        int a = bytes[at] & 0xFF;
        int b = bytes[at + 1] & 0xFF;
        return little ? a | b << 8 : a << 8 | b;
    }

    private static long u32(byte[] bytes, int at, boolean little) {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = bytes[at + (little ? 3 - i : i)] & 0xFF;
            value = value << 8 | b;
        }
        return value;
    }
}
