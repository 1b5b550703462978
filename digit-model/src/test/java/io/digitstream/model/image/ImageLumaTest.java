package io.digitstream.model.image;

import static io.digitstream.model.image.ImagePipelineTest.encode;
import static io.digitstream.model.image.ImagePipelineTest.image;
import static io.digitstream.model.image.ImagePipelineTest.maxDifference;
import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a PNG can store a digit gives the model the same input as the MNIST original. */
class ImageLumaTest {

    private static final LabeledImages MNIST = MnistFixture.test500();
    private static final int DIGITS = 20;

    private final ImagePipeline pipeline = new ImagePipeline(ImageLimits.DEFAULT);
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @Test
    void aPaletteIsLookedUpNotReadAsLevels() throws Exception {
        assertSameInputAsMnist(ImageLumaTest::scrambledPalette);
    }

    /** A GIF in a scanner's folder is published as a PNG that keeps its palette. */
    @Test
    void aGifFromAnImageFolderGivesTheSameInputAsTheMnistOriginal(@TempDir Path dir) throws Exception {
        for (int i = 0; i < DIGITS; i++) {
            Path gif = dir.resolve(i + ".gif");
            ImageIO.write(scrambledPalette(i), "gif", gif.toFile());
            float[] fromGif = pipeline.modelInput(ImageFile.open(gif, null).read("scanner"));
            float[] original = pipeline.modelInput(DigitRecords.gray8(MNIST, i, "t", "s", Instant.EPOCH, true));
            assertThat(maxDifference(fromGif, original)).as("digit %d", i).isLessThan(1e-4f);
        }
    }

    /**
     * Digit {@code i} dark on white through a palette whose entries are in a scrambled order, as an optimizer or a GIF
     * leaves them: index k holds level (97 k + 13) mod 256.
     */
    private static BufferedImage scrambledPalette(int i) {
        byte[] levels = new byte[256];
        int[] indexOf = new int[256];
        for (int k = 0; k < 256; k++) {
            levels[k] = (byte) ((k * 97 + 13) % 256);
            indexOf[(k * 97 + 13) % 256] = k;
        }
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, levels, levels, levels));
        draw(image, i, (x, y, ink) -> image.getRaster().setSample(x, y, 0, indexOf[255 - ink]));
        return image;
    }

    @Test
    void sixteenBitGrayReadsAsItsEightBitTwin() throws Exception {
        assertSameInputAsMnist(i -> {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
            draw(image, i, (x, y, ink) -> image.getRaster().setSample(x, y, 0, ink * 257));
            return image;
        });
        BufferedImage mid = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        mid.getRaster().setSample(0, 0, 0, 128 * 257);
        assertThat(decoded(mid).pixels()[0]).isEqualTo(128f); // through the linear gray space it would be ~188
    }

    @Test
    void lightInkOnATransparentCanvasLiesOnBlack() throws Exception {
        assertSameInputAsMnist(i -> {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
            draw(image, i, (x, y, ink) -> image.setRGB(x, y, ink << 24 | 0xFFFFFF));
            return image;
        });
    }

    @Test
    void darkInkOnATransparentCanvasLiesOnWhite() throws Exception {
        assertSameInputAsMnist(i -> {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
            draw(image, i, (x, y, ink) -> image.setRGB(x, y, ink << 24));
            return image;
        });
    }

    @Test
    void grayWithAlphaFollowsTheSameRule() throws Exception {
        BufferedImage image = grayWithAlpha(230, 230);
        float[] pixels = decoded(image).pixels();
        assertThat(pixels[0]).as("the transparent pixel").isEqualTo(0f);
        assertThat(pixels[1]).as("the light ink").isEqualTo(230f);
    }

    @Test
    void aFullyTransparentImageIsBlankPaper() {
        assertThat(ImageLuma.backdrop(new float[] {255, 255}, new float[] {0, 0})).isEqualTo(255f);
    }

    /** Visible pixels half at 200 - d and half at 200 + d spread by exactly d. */
    @ParameterizedTest
    @CsvSource({"15, 0", "16, 0", "17, 255"})
    void oneColourMeansASpreadOfAtMost16Levels(int halfGap, float backdrop) {
        float[] luma = {200 - halfGap, 200 + halfGap, 255};
        float[] alpha = {1, 1, 0};
        assertThat(ImageLuma.backdrop(luma, alpha)).isEqualTo(backdrop);
    }

    @ParameterizedTest
    @CsvSource({"127, 255", "128, 0", "129, 0"})
    void lightInkMeansALevelOfAtLeast128(int level, float backdrop) throws Exception {
        assertThat(decoded(grayWithAlpha(level, level)).pixels()[0]).isEqualTo(backdrop);
    }

    /** A 2x1 gray-and-alpha image: a transparent pixel of {@code transparentLevel}, then an opaque one of {@code inkLevel}. */
    private static BufferedImage grayWithAlpha(int transparentLevel, int inkLevel) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {transparentLevel, 0});
        raster.setPixel(1, 0, new int[] {inkLevel, 255});
        return new BufferedImage(model, raster, false, null);
    }

    private GrayImage decoded(BufferedImage image) throws Exception {
        return decoder.decode(image(PixelEncoding.PNG, image.getWidth(), image.getHeight(), encode(image, "png")));
    }

    private void assertSameInputAsMnist(IntFunctionWithException<BufferedImage> stored) throws Exception {
        for (int i = 0; i < DIGITS; i++) {
            BufferedImage image = stored.apply(i);
            float[] fromPng = pipeline.modelInput(image(PixelEncoding.PNG, 28, 28, encode(image, "png")));
            float[] original = pipeline.modelInput(DigitRecords.gray8(MNIST, i, "t", "s", Instant.EPOCH, true));
            assertThat(maxDifference(fromPng, original)).as("digit %d", i).isLessThan(1e-4f);
        }
    }

    /** Calls {@code pixel} with each pixel's MNIST ink (0 paper .. 255 ink) of digit {@code i}. */
    private static void draw(BufferedImage image, int i, Pixel pixel) {
        byte[] ink = MNIST.image(i);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                pixel.set(x, y, ink[y * 28 + x] & 0xFF);
            }
        }
    }

    @FunctionalInterface
    private interface Pixel {
        void set(int x, int y, int ink);
    }

    @FunctionalInterface
    private interface IntFunctionWithException<T> {
        T apply(int i) throws Exception;
    }
}
