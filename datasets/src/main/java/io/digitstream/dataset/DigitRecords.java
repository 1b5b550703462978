package io.digitstream.dataset;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.SyntheticImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Builds {@link DigitImage} records the way every producer of this project does. Labels are filled in when known;
 * whether they travel inside the record is the producer's choice (the tools' label mode).
 */
public final class DigitRecords {

    private DigitRecords() {
    }

    /** {@code mnist-test} and 42 make {@code mnist-test-00042}: zero-padded so ids sort in dataset order. */
    public static String mnistId(String prefix, int index) {
        return String.format("%s-%05d", prefix, index);
    }

    /** The current time as the contract stores it, in milliseconds: a record stays equal to its own round trip. */
    public static Instant captureTimeNow() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Image {@code index} of a labeled set as a raw GRAY8 record; the label is included when asked. */
    public static DigitImage gray8(LabeledImages images, int index, String idPrefix, String source, Instant captureTime,
            boolean withLabel) {
        return of(mnistId(idPrefix, index), source, captureTime, PixelEncoding.GRAY8, images.width(),
                images.height(), images.image(index), withLabel ? images.label(index) : null);
    }

    /** @param label ground truth 0..9, or null when unknown */
    public static DigitImage of(String id, String source, Instant captureTime, PixelEncoding encoding, int width,
            int height, byte[] pixels, Integer label) {
        return DigitImage.newBuilder()
                .setId(id)
                .setSource(source)
                .setCaptureTime(captureTime)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(encoding)
                .setPixels(ByteBuffer.wrap(pixels))
                .setLabel(label)
                .build();
    }

    /**
     * A generated image ({@code io.digitstream.synthetic}) as a record: GRAY8 pixels or PNG/JPEG file bytes as the
     * image says; the label is included when asked.
     */
    public static DigitImage synthetic(SyntheticImage image, String id, String source, Instant captureTime,
            boolean withLabel) {
        return of(id, source, captureTime, image.encoding(), image.width(), image.height(), image.bytes(),
                withLabel ? image.label() : null);
    }
}
