package io.digitstream.dataset;

import io.digitstream.mnist.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.SyntheticImage;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DigitImage} records the way every producer of this project does. */
public final class DigitRecords {

    private DigitRecords() {
    }

    /** Image {@code index} of a labeled set as a raw GRAY8 record; the label is included when asked. */
    public static DigitImage gray8(LabeledImages images, int index, String idPrefix, String source, Instant captureTime,
            boolean withLabel) {
        return DigitImage.newBuilder()
                .setId(String.format("%s-%05d", idPrefix, index))
                .setSource(source)
                .setCaptureTime(captureTime)
                .setWidth(images.width())
                .setHeight(images.height())
                .setEncoding(PixelEncoding.GRAY8)
                .setPixels(ByteBuffer.wrap(images.image(index)))
                .setLabel(withLabel ? images.label(index) : null)
                .build();
    }

    /**
     * A generated image ({@code io.digitstream.synthetic}) as a record: GRAY8 pixels or PNG/JPEG file bytes as the
     * image says; the label is included when asked.
     */
    public static DigitImage synthetic(SyntheticImage image, String id, String source, Instant captureTime,
            boolean withLabel) {
        return DigitImage.newBuilder()
                .setId(id)
                .setSource(source)
                .setCaptureTime(captureTime)
                .setWidth(image.width())
                .setHeight(image.height())
                .setEncoding(image.encoding())
                .setPixels(ByteBuffer.wrap(image.bytes()))
                .setLabel(withLabel ? image.label() : null)
                .build();
    }
}
