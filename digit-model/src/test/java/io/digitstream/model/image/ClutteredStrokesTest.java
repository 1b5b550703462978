package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.synthetic.Variant;
import org.junit.jupiter.api.Test;

/**
 * An MNIST-format digit over a photograph is read by its strokes, not by its middle against its frame: a photograph
 * brighter at the frame than behind the digit made a light digit read as dark ink.
 */
class ClutteredStrokesTest {

    private static final int SIDE = MnistNormalizer.SIZE;

    /** MNIST digit {@code i}, light, over a background of 120 in the middle rising to 220 at the corners. */
    private static GrayImage lightDigitOnBrightFramedBackground(int i) {
        GrayImage digit = StepImages.mnist(i);
        float[] pixels = new float[SIDE * SIDE];
        double centre = (SIDE - 1) / 2.0;
        double farthest = Math.hypot(centre, centre);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float background = (float) (120 + 100 * Math.hypot(x - centre, y - centre) / farthest);
                pixels[y * SIDE + x] = Math.max(background, digit.get(x, y));
            }
        }
        return new GrayImage(SIDE, SIDE, pixels);
    }

    @Test
    void aLightDigitOnABackgroundBrighterAtTheFrameIsLightInkAndItsNegativeDarkInk() {
        int middleWouldMislead = 0;
        for (int i = 0; i < 30; i++) {
            GrayImage light = lightDigitOnBrightFramedBackground(i);
            assertThat(InkPolarity.isMnistFormatOnClutter(light)).isTrue();
            assertThat(InkPolarity.isDarkInkOnLight(light)).as("digit %d", i).isFalse();
            assertThat(InkPolarity.isDarkInkOnLight(StepImages.negative(light))).as("negative of digit %d", i).isTrue();
            middleWouldMislead += InkPolarity.centreMean(light) < InkPolarity.borderMean(light) ? 1 : 0;
        }
        // the frame alone (flat and bright) and the middle against it would both say dark ink
        assertThat(middleWouldMislead).as("images the middle-against-frame rule reads the wrong way")
                .isGreaterThanOrEqualTo(25);
        assertThat(InkPolarity.borderMean(lightDigitOnBrightFramedBackground(0))).isGreaterThan(170f);
    }

    @Test
    void roughAndCrispImagesAreLeftToTheOtherRules() {
        for (int i = 0; i < 20; i++) {
            GrayImage noisy = StepImages.decoded(Variant.BACK_RAND, i);
            assertThat(InkPolarity.isMnistFormatOnClutter(noisy)).isTrue();
            assertThat(InkPolarity.clutteredStrokesAreDarker(noisy)).as("back-rand %d", i).isNull();
        }
        // a two-level image: a light bar on a dark field crossed by a bright band at the frame
        float[] pixels = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                pixels[y * SIDE + x] = (y < 2 || (x >= 12 && x < 15 && y > 5 && y < 22)) ? 255f : 0f;
            }
        }
        assertThat(InkPolarity.clutteredStrokesAreDarker(new GrayImage(SIDE, SIDE, pixels))).isNull();
    }

    @Test
    void aSideDecidesFromOneAndAHalfTimesTheOthersWeight() {
        assertThat(InkPolarity.clearSide(149, 100)).isNull();
        assertThat(InkPolarity.clearSide(150, 100)).isTrue();
        assertThat(InkPolarity.clearSide(151, 100)).isTrue();
        assertThat(InkPolarity.clearSide(100, 149)).isNull();
        assertThat(InkPolarity.clearSide(100, 150)).isFalse();
        assertThat(InkPolarity.clearSide(100, 151)).isFalse();
        assertThat(InkPolarity.clearSide(0, 0)).as("no strokes at all").isNull();
        assertThat(InkPolarity.clearSide(5, 0)).isTrue();
    }
}
