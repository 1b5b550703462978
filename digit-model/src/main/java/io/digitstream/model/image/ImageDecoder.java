package io.digitstream.model.image;

import io.digitstream.image.BuiltInImageReaders;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns the pixels of a {@link DigitImage} into a {@link GrayImage}, validating everything it is told.
 * An image above the decoded-pixel budget ({@link ImageLimits#maxPixels}) comes out reduced by the
 * step {@link ImageLimits#reduction} gives: PNG and JPEG are decoded subsampled by the JDK reader (the
 * full-size page is never built), GRAY8 is averaged over blocks of that step.
 */
public final class ImageDecoder {

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
        ImageIO.setUseCache(false); // decode in memory; the disk cache only adds latency and temp files
    }

    public ImageLimits limits() {
        return limits;
    }

    public GrayImage decode(DigitImage image) throws RejectedImageException {
        limits.checkDimensions(image.getWidth(), image.getHeight(), "declared");
        byte[] bytes = bytesOf(image.getPixels());
        if (bytes.length > limits.maxEncodedBytes()) {
            throw new RejectedImageException(FailureStage.VALIDATE,
                    bytes.length + " pixel bytes exceed the limit of " + limits.maxEncodedBytes());
        }
        return switch (image.getEncoding()) {
            case GRAY8 -> decodeGray8(image, bytes);
            case PNG, JPEG -> decodeCompressed(image, bytes);
        };
    }

    private GrayImage decodeGray8(DigitImage image, byte[] bytes) throws RejectedImageException {
        int width = image.getWidth();
        int height = image.getHeight();
        long expected = (long) width * height;
        if (bytes.length != expected) {
            throw new RejectedImageException(FailureStage.VALIDATE, "GRAY8 image has " + bytes.length
                    + " bytes but width x height = " + width + "x" + height + " = " + expected);
        }
        int step = limits.reduction(width, height);
        return step == 1 ? GrayImage.ofGray8(width, height, bytes, 0) : blockAverage(width, height, bytes, step);
    }

    /** Each pixel the mean of a {@code step x step} block (cut at the right and bottom edges). */
    static GrayImage blockAverage(int width, int height, byte[] gray, int step) {
        int outWidth = (int) ImageLimits.reduced(width, step);
        int outHeight = (int) ImageLimits.reduced(height, step);
        float[] sums = new float[outWidth * outHeight];
        int[] counts = new int[outWidth * outHeight];
        for (int y = 0; y < height; y++) {
            int row = (y / step) * outWidth;
            for (int x = 0; x < width; x++) {
                sums[row + x / step] += gray[y * width + x] & 0xFF;
                counts[row + x / step]++;
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= counts[i];
        }
        return new GrayImage(outWidth, outHeight, sums);
    }

    private GrayImage decodeCompressed(DigitImage image, byte[] bytes) throws RejectedImageException {
        PixelEncoding declared = image.getEncoding();
        checkSignature(bytes, declared);
        ImageReader reader = BuiltInImageReaders.forFormat(declared.name());
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            // Header dimensions first: a decompression bomb is refused before a pixel is inflated.
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            limits.checkDimensions(width, height, declared + " header");
            if (width != image.getWidth() || height != image.getHeight()) {
                throw new RejectedImageException(FailureStage.VALIDATE, declared + " header says " + width + "x"
                        + height + " but the record declares " + image.getWidth() + "x" + image.getHeight());
            }
            // libjpeg only warns about a truncated or corrupt scan and fills the rest with gray: that is not our image.
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            ImageReadParam param = reader.getDefaultReadParam();
            int step = limits.reduction(width, height);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage decoded = reader.read(0, param);
            if (!warnings.isEmpty()) {
                throw new RejectedImageException(FailureStage.DECODE, "corrupt or truncated " + declared + ": "
                        + String.join("; ", warnings));
            }
            GrayImage gray = ImageLuma.of(decoded);
            return declared == PixelEncoding.JPEG ? ExifOrientation.apply(gray, ExifOrientation.of(bytes)) : gray;
        } catch (IOException | RuntimeException e) {
            throw new RejectedImageException(FailureStage.DECODE,
                    "corrupt or truncated " + declared + ": " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    /** The format is told by the file signature, not by asking every ImageIO plugin on the class path to probe the bytes. */
    private static void checkSignature(byte[] bytes, PixelEncoding declared) throws RejectedImageException {
        PixelEncoding actual = startsWith(bytes, PNG_SIGNATURE) ? PixelEncoding.PNG
                : startsWith(bytes, JPEG_SIGNATURE) ? PixelEncoding.JPEG : null;
        if (actual == null) {
            throw new RejectedImageException(FailureStage.DECODE, "bytes are not a " + declared + " image (unknown format)");
        }
        if (actual != declared) {
            throw new RejectedImageException(FailureStage.VALIDATE, "record declares " + declared + " but the bytes are " + actual);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
