package io.digitstream.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DigitRecordsTest {

    private static final LabeledImages FIXTURE = MnistFixture.test500();

    @Test
    void mnistIdsAreZeroPaddedToSortInDatasetOrder() {
        assertThat(DigitRecords.mnistId("mnist-test", 42)).isEqualTo("mnist-test-00042");
        assertThat(DigitRecords.mnistId("mnist-train", 59_999)).isEqualTo("mnist-train-59999");
    }

    @Test
    void buildsGray8RecordFromMnistImage() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        DigitImage image = DigitRecords.gray8(FIXTURE, 42, "mnist-test", "unit-test", DigitRecords.captureTimeNow(),
                true);

        assertThat(image.getId()).isEqualTo("mnist-test-00042");
        assertThat(image.getSource()).isEqualTo("unit-test");
        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.GRAY8);
        assertThat(image.getWidth()).isEqualTo(28);
        assertThat(image.getHeight()).isEqualTo(28);
        assertThat(image.getPixels()).isEqualTo(ByteBuffer.wrap(FIXTURE.image(42)));
        assertThat(image.getLabel()).isEqualTo(FIXTURE.label(42));
        assertThat(image.getCaptureTime()).isBetween(before, Instant.now())
                .isEqualTo(image.getCaptureTime().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void labelIsOptional() {
        DigitImage image = DigitRecords.of("scanner/a.png", "scanner", Instant.EPOCH, PixelEncoding.PNG, 3, 2,
                new byte[] {1, 2}, null);

        assertThat(image.getLabel()).isNull();
        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.PNG);
        assertThat(DigitRecords.gray8(FIXTURE, 0, "t", "s", Instant.EPOCH, false).getLabel()).isNull();
    }
}
