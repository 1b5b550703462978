package io.digitstream.model.image;

/** A grayscale image, row-major, one float per pixel in 0..255. */
public record GrayImage(int width, int height, float[] pixels) {

    public GrayImage {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + width + "x" + height);
        }
    }

    public float get(int x, int y) {
        return pixels[y * width + x];
    }

    /** Wraps unsigned 8-bit gray pixels. */
    public static GrayImage ofGray8(int width, int height, byte[] gray, int offset) {
        float[] values = new float[width * height];
        for (int i = 0; i < values.length; i++) {
            values[i] = gray[offset + i] & 0xFF;
        }
        return new GrayImage(width, height, values);
    }
}
