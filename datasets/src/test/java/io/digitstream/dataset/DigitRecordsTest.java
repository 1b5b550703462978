package io.digitstream.tools.publish;

import io.digitstream.dataset.DigitImages;
import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DigitImagesTest {

    private static final LabeledImages FIXTURE = MnistFixture.test500();

    @Test
    void mnistIdsAreZeroPaddedToSortInDatasetOrder() {
        assertThat(DigitImages.mnistId("mnist-test", 42)).isEqualTo("mnist-test-00042");
        assertThat(DigitImages.mnistId("mnist-train", 59_999)).isEqualTo("mnist-train-59999");
    }

    @Test
    void buildsGray8RecordFromMnistImage() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        DigitImage image = DigitImages.fromMnist(FIXTURE, 42, "mnist-test", "unit-test");

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
        DigitImage image = DigitImages.of("scanner/a.png", "scanner", PixelEncoding.PNG, 3, 2, new byte[] {1, 2}, null);

        assertThat(image.getLabel()).isNull();
        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.PNG);
    }
}
