package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decompression bombs, truncated and corrupt files: each refused at the right stage, none decoded. */
class HostileImageTest {

    private static final long SMALL_ALLOCATION = 8L * 1024 * 1024;

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @BeforeAll
    static void loadImageIo() throws Exception {
        // ImageIO's one-time plugin scan and native JPEG library load are not what the allocation checks measure.
        ImageDecoder warm = new ImageDecoder(ImageLimits.DEFAULT);
        warm.decode(HostileImages.image("png", PixelEncoding.PNG, 28, 28, HostileImages.stroke("png")));
        warm.decode(HostileImages.image("jpg", PixelEncoding.JPEG, 28, 28, HostileImages.stroke("jpg")));
    }

    @Test
    void pngClaiming60000x60000IsRefusedFromItsHeaderWithoutAllocatingIt() {
        byte[] bomb = HostileImages.pngBomb(60_000, 60_000);
        assertThat(bomb.length).as("a tiny file").isLessThan(1_000);

        assertRefusedCheaply(HostileImages.image("bomb", PixelEncoding.PNG, 28, 28, bomb),
                "PNG header dimensions 60000x60000 exceed the limit 4096x4096");
    }

    @Test
    void jpegClaiming60000x60000IsRefusedFromItsHeaderWithoutAllocatingIt() {
        assertRefusedCheaply(HostileImages.image("bomb", PixelEncoding.JPEG, 28, 28, HostileImages.jpegBomb(60_000, 60_000)),
                "JPEG header dimensions 60000x60000 exceed the limit 4096x4096");
    }

    @Test
    void declaredDimensionsAboveTheLimitAreRefusedBeforeTheBytesAreLookedAt() {
        assertRefusedCheaply(HostileImages.image("bomb", PixelEncoding.PNG, 60_000, 60_000, HostileImages.pngBomb(60_000, 60_000)),
                "declared dimensions 60000x60000 exceed the limit 4096x4096");
    }

    private void assertRefusedCheaply(DigitImage bomb, String reason) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();

        assertThatThrownBy(() -> decoder.decode(bomb))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(FailureStage.VALIDATE))
                .hasMessageContaining(reason);

        assertThat(threads.getCurrentThreadAllocatedBytes() - allocatedBefore).as("bytes allocated").isLessThan(SMALL_ALLOCATION);
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(1_000);
    }

    @Test
    void truncatedJpegIsRefusedAlthoughTheJpegLibraryOnlyWarns() {
        byte[] jpeg = HostileImages.stroke("jpg");
        // Cut inside the entropy-coded scan: libjpeg warns "premature end of data segment" and pads with gray.
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length - 30);

        assertThatThrownBy(() -> decoder.decode(HostileImages.image("cut", PixelEncoding.JPEG, 28, 28, truncated)))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(FailureStage.DECODE))
                .hasMessageContaining("corrupt or truncated JPEG");
    }

    @Test
    void corruptJpegAndPngAreDecodeFailures() {
        for (String format : new String[] {"jpg", "png"}) {
            PixelEncoding encoding = format.equals("png") ? PixelEncoding.PNG : PixelEncoding.JPEG;
            byte[] corrupt = HostileImages.corrupted(HostileImages.stroke(format), 40, 7);
            assertThatThrownBy(() -> decoder.decode(HostileImages.image("noise", encoding, 28, 28, corrupt)))
                    .as(format)
                    .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(FailureStage.DECODE))
                    .hasMessageContaining("corrupt or truncated " + encoding);
        }
    }

    @Test
    void bytesOfNoKnownFormatAndBytesOfTheOtherFormatAreTold() {
        assertThatThrownBy(() -> decoder.decode(HostileImages.image("gif", PixelEncoding.PNG, 28, 28, "GIF89a....".getBytes())))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(FailureStage.DECODE))
                .hasMessageContaining("bytes are not a PNG image");
        assertThatThrownBy(() -> decoder.decode(HostileImages.image("png", PixelEncoding.JPEG, 28, 28, HostileImages.stroke("png"))))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(FailureStage.VALIDATE))
                .hasMessageContaining("record declares JPEG but the bytes are PNG");
    }

    @Test
    void intactFilesStillDecode() throws Exception {
        assertThat(decoder.decode(HostileImages.image("png", PixelEncoding.PNG, 28, 28, HostileImages.stroke("png"))).width()).isEqualTo(28);
        assertThat(decoder.decode(HostileImages.image("jpg", PixelEncoding.JPEG, 28, 28, HostileImages.stroke("jpg"))).height()).isEqualTo(28);
    }
}
