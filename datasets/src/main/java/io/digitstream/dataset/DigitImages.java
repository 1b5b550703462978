package io.digitstream.dataset;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Builds {@link DigitImage} records captured now. Labels are filled in when known; whether they travel inside the
 * record is the producer's choice (the tools' label mode).
 */
public final class DigitImages {

    private DigitImages() {
    }

    /** {@code mnist-test} and 42 make {@code mnist-test-00042}: zero-padded so ids sort in dataset order. */
    public static String mnistId(String prefix, int index) {
        return String.format("%s-%05d", prefix, index);
    }

    /** Image {@code index} of {@code images} as GRAY8 pixels (0 background, 255 ink) with its label. */
    public static DigitImage fromMnist(LabeledImages images, int index, String idPrefix, String source) {
        return of(mnistId(idPrefix, index), source, PixelEncoding.GRAY8, images.width(), images.height(),
                images.image(index), images.label(index));
    }

    /** @param label ground truth 0..9, or null when unknown */
    public static DigitImage of(String id, String source, PixelEncoding encoding, int width, int height,
            byte[] pixels, Integer label) {
        // The contract stores milliseconds; truncating keeps a record equal to its own round trip.
        return DigitRecords.of(id, source, Instant.now().truncatedTo(ChronoUnit.MILLIS), encoding, width, height, pixels, label);
    }
}
