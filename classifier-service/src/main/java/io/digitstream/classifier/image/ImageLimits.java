package io.digitstream.classifier.image;

/**
 * Upper bounds on what the service agrees to decode. Checked against declared and header dimensions
 * before any pixel is decoded, so a small compressed file cannot make the service allocate gigabytes.
 */
public record ImageLimits(int maxWidth, int maxHeight, int maxEncodedBytes) {

    public static final ImageLimits DEFAULT = new ImageLimits(4096, 4096, 16 * 1024 * 1024);

    public void checkDimensions(int width, int height, String what) throws RejectedImageException {
        if (width <= 0 || height <= 0) {
            throw new RejectedImageException(io.digitstream.schemas.FailureStage.VALIDATE,
                    "impossible " + what + " dimensions " + width + "x" + height);
        }
        if (width > maxWidth || height > maxHeight) {
            throw new RejectedImageException(io.digitstream.schemas.FailureStage.VALIDATE,
                    what + " dimensions " + width + "x" + height + " exceed the limit " + maxWidth + "x" + maxHeight);
        }
    }
}
