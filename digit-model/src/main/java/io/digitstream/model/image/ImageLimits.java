package io.digitstream.model.image;

import io.digitstream.schemas.FailureStage;

/**
 * Upper bounds on what the service agrees to decode. Checked against declared and header dimensions
 * before any pixel is decoded, so a small compressed file cannot make the service allocate gigabytes.
 *
 * <p>{@code maxPixels} is the decoded-pixel budget of one image: a larger page (a full scanner page of a
 * few megapixels, within {@code maxWidth x maxHeight}) is decoded at a reduced size, every {@code n}-th
 * row and column, so that no image costs the stage more than this many pixels of work.
 */
public record ImageLimits(int maxWidth, int maxHeight, int maxEncodedBytes, int maxPixels) {

    /** 1024 x 1024: about 0.12 s through decode and the denoise stage on one core (measured, docs/reliability.md, "Per-record limits"). */
    public static final int DEFAULT_MAX_PIXELS = 1 << 20;
    /** An MNIST digit: a smaller pixel budget could not even hold the model's input size. */
    public static final int MIN_PIXELS = 28 * 28;

    public static final ImageLimits DEFAULT = new ImageLimits(4096, 4096, 16 * 1024 * 1024, DEFAULT_MAX_PIXELS);

    public ImageLimits {
        if (maxPixels < MIN_PIXELS) {
            throw new IllegalArgumentException("the decoded-pixel budget must be at least " + MIN_PIXELS + ", not " + maxPixels);
        }
    }

    /** With the default decoded-pixel budget. */
    public ImageLimits(int maxWidth, int maxHeight, int maxEncodedBytes) {
        this(maxWidth, maxHeight, maxEncodedBytes, DEFAULT_MAX_PIXELS);
    }

    public void checkDimensions(int width, int height, String what) throws RejectedImageException {
        if (width <= 0 || height <= 0) {
            throw new RejectedImageException(FailureStage.VALIDATE,
                    "impossible " + what + " dimensions " + width + "x" + height);
        }
        if (width > maxWidth || height > maxHeight) {
            throw new RejectedImageException(FailureStage.VALIDATE,
                    what + " dimensions " + width + "x" + height + " exceed the limit " + maxWidth + "x" + maxHeight);
        }
    }

    /**
     * The step {@code n} such that keeping every {@code n}-th row and column of a {@code width x height}
     * image leaves at most {@link #maxPixels} pixels: 1 when it is within the budget already.
     */
    public int reduction(int width, int height) {
        int step = Math.max(1, (int) Math.ceil(Math.sqrt((double) width * height / maxPixels)));
        while (reduced(width, step) * reduced(height, step) > maxPixels) {
            step++;
        }
        return step;
    }

    /** Pixels decoding an image of these declared dimensions costs after reduction; 0 when it is refused unread. */
    public long decodedPixels(int width, int height) {
        if (width <= 0 || height <= 0 || width > maxWidth || height > maxHeight) {
            return 0;
        }
        int step = reduction(width, height);
        return reduced(width, step) * reduced(height, step);
    }

    /** Length of a side of {@code length} pixels keeping every {@code step}-th one, the first included. */
    static long reduced(int length, int step) {
        return (length + step - 1) / step;
    }
}
