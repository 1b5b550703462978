package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {

    private final LabeledImages fixture = MnistFixture.test500();
    private final ImagePipeline pipeline = new ImagePipeline(new ImageLimits(512, 512, 1_000_000));

    @Test
    void normalizationIsIdempotentSoNormalizedInputsPassThroughUnchanged() throws Exception {
        for (int i = 0; i < 100; i++) {
            float[] once = pipeline.modelInput(DigitRecords.gray8(fixture, i, "t", "s", Instant.EPOCH, true));
            float[] scaled = new float[once.length];
            for (int p = 0; p < once.length; p++) {
                scaled[p] = once[p] * 255f;
            }
            float[] twice = ImagePipeline.normalize(new GrayImage(28, 28, scaled));
            assertThat(maxDifference(once, twice)).as("image %d", i).isLessThan(1e-4f);
        }
    }

    @Test
    void normalizedDigitFitsA20BoxWithItsCentreOfMassAtTheCentre() throws Exception {
        // A 10x40 bar of ink in the corner of a 100x100 field.
        float[] pixels = new float[100 * 100];
        for (int y = 5; y < 45; y++) {
            for (int x = 3; x < 13; x++) {
                pixels[y * 100 + x] = 255;
            }
        }
        float[] out = ImagePipeline.normalize(new GrayImage(100, 100, pixels));

        int[] box = MnistNormalizer.inkBounds(new GrayImage(28, 28, out));
        assertThat(box[3] - box[1] + 1).isEqualTo(20);
        assertThat(box[2] - box[0] + 1).isEqualTo(5);
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                mass += out[y * 28 + x];
                mx += out[y * 28 + x] * (x + 0.5);
                my += out[y * 28 + x] * (y + 0.5);
            }
        }
        assertThat(mx / mass).isCloseTo(14, org.assertj.core.data.Offset.offset(0.5));
        assertThat(my / mass).isCloseTo(14, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void darkInkOnWhitePaperAsPngGivesTheSameInputAsTheMnistOriginal() throws Exception {
        byte[] original = fixture.image(0);
        BufferedImage paper = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                paper.getRaster().setSample(x, y, 0, 255 - (original[y * 28 + x] & 0xFF));
            }
        }
        DigitImage png = image(PixelEncoding.PNG, 28, 28, encode(paper, "png"));

        float[] fromPng = pipeline.modelInput(png);
        float[] fromGray = pipeline.modelInput(DigitRecords.gray8(fixture, 0, "t", "s", Instant.EPOCH, true));
        assertThat(InkPolarity.isDarkInkOnLight(new ImageDecoder(ImageLimits.DEFAULT).decode(png))).isTrue();
        assertThat(maxDifference(fromPng, fromGray)).isLessThan(1e-5f);
    }

    @Test
    void colorJpegOfAnyDimensionIsDecodedAndNormalized() throws Exception {
        BufferedImage photo = new BufferedImage(90, 60, BufferedImage.TYPE_INT_RGB);
        var g = photo.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 90, 60);
        g.setColor(new java.awt.Color(20, 30, 120));
        g.setStroke(new java.awt.BasicStroke(6));
        g.drawLine(45, 8, 45, 52);
        g.dispose();

        float[] input = pipeline.modelInput(image(PixelEncoding.JPEG, 90, 60, encode(photo, "jpg")));

        assertThat(input).hasSize(784);
        float max = 0;
        for (float v : input) {
            max = Math.max(max, v);
        }
        assertThat(max).isGreaterThan(0.8f);
        assertThat(input[0]).isLessThan(0.05f);
    }

    @Test
    void rejectsDeclaredDimensionsThatDisagreeWithThePngHeader() throws Exception {
        byte[] png = encode(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY), "png");
        assertThatThrownBy(() -> pipeline.modelInput(image(PixelEncoding.PNG, 28, 28, png)))
                .isInstanceOf(RejectedImageException.class)
                .hasMessageContaining("header says 30x20");
    }

    @Test
    void refusesADecompressionBombFromItsHeaderBeforeDecoding() throws Exception {
        // 600x600 declared honestly but above the 512 limit: must fail on the header, as VALIDATE.
        byte[] png = encode(new BufferedImage(600, 600, BufferedImage.TYPE_BYTE_GRAY), "png");
        assertThatThrownBy(() -> pipeline.modelInput(image(PixelEncoding.PNG, 600, 600, png)))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(FailureStage.VALIDATE))
                .hasMessageContaining("exceed the limit");
    }

    @Test
    void rejectsTruncatedPngAsDecodeFailure() throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(10, 10, 0, 200);
        byte[] png = encode(image, "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> pipeline.modelInput(image(PixelEncoding.PNG, 28, 28, truncated)))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(FailureStage.DECODE));
    }

    @Test
    void rejectsJpegBytesDeclaredAsPng() throws Exception {
        byte[] jpeg = encode(new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB), "jpg");
        assertThatThrownBy(() -> pipeline.modelInput(image(PixelEncoding.PNG, 28, 28, jpeg)))
                .isInstanceOf(RejectedImageException.class)
                .hasMessageContaining("declares PNG but the bytes are JPEG");
    }

    static DigitImage image(PixelEncoding encoding, int width, int height, byte[] bytes) {
        return DigitImage.newBuilder().setId("x").setSource("s").setCaptureTime(Instant.EPOCH).setWidth(width)
                .setHeight(height).setEncoding(encoding).setPixels(ByteBuffer.wrap(bytes)).build();
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
