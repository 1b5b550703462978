package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The image path on arbitrary pixels and dimensions: an image either becomes 784 model inputs in 0..1,
 * or is rejected with a stage and a reason; nothing else may happen (no other exception, no hang).
 * Regression mode (the default) runs the seeds in {@code ImagePipelineFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ImagePipelineFuzzTest {

    private static final ImagePipeline PIPELINE = new ImagePipeline(new ImageLimits(256, 256, 200_000));

    /**
     * Input layout, so that seeds are real files: byte 0 picks the encoding (GRAY8, PNG, JPEG), bytes 1-2 and
     * 3-4 are the declared width and height (signed 16-bit, so 0, negative and oversized too), the rest the pixels.
     */
    @FuzzTest(maxDuration = "60s")
    void imageBecomesModelInputOrIsRejectedWithAReason(byte[] data) {
        if (data.length < 5) {
            return;
        }
        DigitImage image = imageOf(data);
        float[] input;
        try {
            input = PIPELINE.modelInput(image);
        } catch (RejectedImageException e) {
            assertThat(e.stage()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(input).hasSize(784);
        for (float value : input) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    static DigitImage imageOf(byte[] data) {
        PixelEncoding encoding = PixelEncoding.values()[(data[0] & 0xFF) % PixelEncoding.values().length];
        short width = ByteBuffer.wrap(data, 1, 2).getShort();
        short height = ByteBuffer.wrap(data, 3, 2).getShort();
        return HostileImages.image("fuzz", encoding, width, height, Arrays.copyOfRange(data, 5, data.length));
    }

    /** The layout of {@link #imageOf}, for writing seeds. */
    static byte[] seed(PixelEncoding encoding, int width, int height, byte[] pixels) {
        return ByteBuffer.allocate(5 + pixels.length).put((byte) encoding.ordinal()).putShort((short) width)
                .putShort((short) height).put(pixels).array();
    }
}
