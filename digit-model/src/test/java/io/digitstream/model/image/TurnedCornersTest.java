package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.ImageEncoding;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TurnedCornersTest {

    private static final int SIDE = 80;
    private static final float PAPER = 250;
    private static final float INK = 20;
    private static final float FILL = 0;

    /** {@code source} turned by {@code degrees} inside its own frame, the corners left at {@code fill}. */
    private static GrayImage turned(float[] source, double degrees, float fill) {
        return turned(source, degrees, fill, false);
    }

    /**
     * {@code source} turned by {@code degrees} about its centre (nearest neighbour), inside its own frame or onto a
     * canvas {@code grown} to hold all of it (Pillow's {@code expand=True}), the rest at {@code fill}.
     */
    private static GrayImage turned(float[] source, double degrees, float fill, boolean grown) {
        double c = Math.cos(Math.toRadians(degrees));
        double s = Math.sin(Math.toRadians(degrees));
        int canvas = grown ? (int) Math.ceil(SIDE * (Math.abs(c) + Math.abs(s))) : SIDE;
        float[] pixels = new float[canvas * canvas];
        double centre = (canvas - 1) / 2.0;
        double sourceCentre = (SIDE - 1) / 2.0;
        for (int y = 0; y < canvas; y++) {
            for (int x = 0; x < canvas; x++) {
                long sx = Math.round(c * (x - centre) + s * (y - centre) + sourceCentre);
                long sy = Math.round(-s * (x - centre) + c * (y - centre) + sourceCentre);
                boolean inside = sx >= 0 && sy >= 0 && sx < SIDE && sy < SIDE;
                pixels[y * canvas + x] = inside ? source[(int) (sy * SIDE + sx)] : fill;
            }
        }
        return new GrayImage(canvas, canvas, pixels);
    }

    /** MNIST digit {@code digit}, dark on an 80-pixel field of paper, turned so. */
    private static GrayImage turnedDigit(int digit, double degrees, float fill) {
        return turned(StepImages.darkDigitOnPaper(SIDE, digit, PAPER, INK), degrees, fill);
    }

    @Test
    void aDigitTurnedInsideItsFrameGivesTheModelWhatItGivesTurnedOnPaper() throws Exception {
        for (double degrees : new double[] {-12, -8, -3, 3, 8, 12}) {
            for (int digit = 0; digit < 10; digit++) {
                float[] onPaper = ImagePipeline.normalize(turnedDigit(digit, degrees, PAPER));
                float[] inBlack = ImagePipeline.normalize(turnedDigit(digit, degrees, FILL));
                assertThat(ImagePipelineTest.maxDifference(inBlack, onPaper))
                        .as("digit %d at %s degrees", digit, degrees)
                        .isLessThan(1e-5f);
            }
        }
    }

    /**
     * Both ways, and the paper beside the fill is found. The turn read may run up to a degree and a half past the true
     * one: a pixel counts as sure fill a pixel beyond the frame, where samplers no longer blend.
     */
    @Test
    void aDigitTurnedOntoAGrownCanvasGivesTheModelWhatItGivesOnPaper() throws Exception {
        for (double degrees : new double[] {-12, -8, 8, 12}) {
            for (int digit = 0; digit < 10; digit++) {
                float[] source = StepImages.darkDigitOnPaper(SIDE, digit, PAPER, INK);
                GrayImage inBlack = turned(source, degrees, FILL, true);
                TurnedCorners.Turn turn = TurnedCorners.turn(inBlack);
                assertThat(turn).as("digit %d at %s degrees", digit, degrees).isNotNull();
                assertThat(turn.grown()).isTrue();
                float[] onPaper = ImagePipeline.normalize(turned(source, degrees, PAPER, true));
                assertThat(ImagePipelineTest.maxDifference(ImagePipeline.normalize(inBlack), onPaper))
                        .as("digit %d at %s degrees", digit, degrees).isLessThan(1e-5f);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"5", "-5"})
    void theTurnIsReadWithItsSign(double degrees) {
        TurnedCorners.Turn turn = TurnedCorners.turn(turnedDigit(3, degrees, FILL));
        assertThat(turn).isNotNull();
        assertThat(Math.abs(turn.degrees())).isBetween(Math.abs(degrees), Math.abs(degrees) + 1.5);
        assertThat(Math.signum(turn.degrees())).isEqualTo(Math.signum(degrees));
        assertThat(turn.grown()).isFalse();
        assertThat(turn.fill()).isEqualTo(FILL);
        assertThat(turn.paper()).isEqualTo(PAPER);
    }

    /** Turns are sought up to 15 degrees: a larger one is read as 15, its fill beyond left as it is. */
    @ParameterizedTest
    @CsvSource({"14.75, 14.75", "15, 15", "15.5, 15"})
    void turnsAreSoughtUpTo15Degrees(double degrees, double read) {
        TurnedCorners.Turn turn = TurnedCorners.turn(turnedDigit(3, degrees, FILL));
        assertThat(turn).isNotNull();
        assertThat(turn.degrees()).isBetween(read, Math.min(read + 1.5, TurnedCorners.MAX_DEGREES));
    }

    /**
     * An angle's sure fill is judged at the limits: 95% of it at the corners' level fits; short of that it ends the
     * search from 24 pixels up, and below tells nothing; under 8 pixels nothing at all.
     */
    @ParameterizedTest
    @CsvSource({
        "100, 96, FITS", "100, 95, FITS", "100, 94, ENDS",
        "25, 23, ENDS", "24, 22, ENDS", "23, 21, TOO_SMALL", "23, 22, FITS",
        "9, 9, FITS", "8, 8, FITS", "7, 7, TOO_SMALL", "7, 0, TOO_SMALL"})
    void anAnglesFillIsJudgedAtTheLimits(int sure, int atFill, TurnedCorners.Verdict verdict) {
        assertThat(TurnedCorners.verdict(sure, atFill)).isEqualTo(verdict);
    }

    /** The turn must tell one way: the largest angle the other way stays under half of it (angles in quarter degrees). */
    @ParameterizedTest
    @CsvSource({"8, 3.75, true", "8, 4, false", "8, 4.25, false", "3.75, 8, true", "4, 8, false", "8, 0, true"})
    void theOtherWayStaysUnderHalfTheTurn(double clockwise, double counter, boolean oneWay) {
        assertThat(TurnedCorners.oneWay(clockwise, counter)).isEqualTo(oneWay);
    }

    /**
     * A turned crop saved as JPEG rings along the fill's edge and in the corners' blocks, where the smallest angles'
     * fills lie: their few pixels off the fill's level must neither end the search nor hide the turn, and the model
     * input is that of the same crop turned on paper and saved so. (The turn read runs 1.25 to 2.25 degrees past the
     * true one here: the paint reaches a little into the frame, where this digit has no ink.)
     */
    @ParameterizedTest
    @CsvSource({"8", "-8", "5", "12"})
    void aTurnedCropSavedAsJpegIsRead(double degrees) throws Exception {
        for (int digit = 0; digit < 10; digit++) {
            float[] source = StepImages.darkDigitOnPaper(SIDE, digit, PAPER, INK);
            GrayImage jpeg = jpegRoundTrip(turned(source, degrees, FILL));
            TurnedCorners.Turn turn = TurnedCorners.turn(jpeg);
            assertThat(turn).as("digit %d", digit).isNotNull();
            assertThat(Math.signum(turn.degrees())).isEqualTo(Math.signum(degrees));
            float[] onPaper = ImagePipeline.normalize(jpegRoundTrip(turned(source, degrees, PAPER)));
            assertThat(ImagePipelineTest.maxDifference(ImagePipeline.normalize(jpeg), onPaper)).as("digit %d", digit)
                    .isLessThan(0.01f);
        }
    }

    /** {@code image} saved as a gray JPEG at ImageIO's default quality (75) and decoded as the stream decodes it. */
    private static GrayImage jpegRoundTrip(GrayImage image) throws RejectedImageException {
        byte[] gray = new byte[image.pixels().length];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) Math.round(image.pixels()[i]);
        }
        byte[] jpeg = ImageEncoding.JPEG.encodeGray(gray, image.width(), image.height(), 75);
        return new ImageDecoder(ImageLimits.DEFAULT)
                .decode(ImagePipelineTest.image(PixelEncoding.JPEG, image.width(), image.height(), jpeg));
    }

    /** The paper beside the fill must make half the frame's edge there: ink over more of it hides the turn. */
    @ParameterizedTest
    @CsvSource({"0.4, true", "0.6, false"})
    void thePaperBesideTheFillMakesHalfOfIt(double inked, boolean turned) {
        float[] source = new float[SIDE * SIDE];
        Arrays.fill(source, PAPER);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int edge = Math.min(Math.min(x, y), Math.min(SIDE - 1 - x, SIDE - 1 - y));
                boolean band = edge < 3 && (x + y) / 4 % 10 < 10 * inked; // ink along the edge, in short stretches
                if (band) {
                    source[y * SIDE + x] = INK;
                }
            }
        }
        assertThat(TurnedCorners.turn(turned(source, 6, FILL)) != null).isEqualTo(turned);
    }

    /**
     * A quarter of the image at least must be paper (64 levels above the fill): a dark square in the middle grows a
     * pixel at a time, and the turn is found while a quarter is left and lost as soon as less is.
     */
    @Test
    void aQuarterOfTheImageIsPaperAtLeast() {
        boolean crossed = false;
        for (int side = 20; side < SIDE && !crossed; side++) {
            float[] source = new float[SIDE * SIDE];
            Arrays.fill(source, PAPER);
            int from = (SIDE - side) / 2;
            for (int y = from; y < from + side; y++) {
                Arrays.fill(source, y * SIDE + from, y * SIDE + from + side, INK);
            }
            GrayImage image = turned(source, 6, FILL);
            int light = 0;
            for (float v : image.pixels()) {
                light += v >= FILL + FieldBox.CONTRAST ? 1 : 0;
            }
            boolean enough = light >= TurnedCorners.LIGHT_SHARE * image.pixels().length;
            assertThat(TurnedCorners.turn(image) != null).as("a dark square of %d", side).isEqualTo(enough);
            crossed = !enough;
        }
        assertThat(crossed).isTrue();
    }

    @Test
    void aDarkFieldAllRoundFitsBothWaysAndIsNoTurn() {
        for (int i = 0; i < 20; i++) {
            GrayImage light = new GrayImage(SIDE, SIDE, StepImages.darkDigitOnPaper(SIDE, i, 0, 255));
            assertThat(TurnedCorners.turn(light)).as("digit %d, light on black", i).isNull();
            assertThat(TurnedCorners.turn(turned(light.pixels(), 6, FILL))).as("digit %d, turned", i).isNull();
        }
    }

    /** Corners filled with light on a dark image, or with the paper itself: nothing to erase. */
    @Test
    void aLightFillIsNoTurn() {
        float[] light = StepImages.darkDigitOnPaper(SIDE, 3, 0, 255);
        assertThat(TurnedCorners.turn(turned(light, 6, 255))).isNull();
        GrayImage onPaper = turnedDigit(3, 6, PAPER);
        assertThat(TurnedCorners.erase(onPaper)).isSameAs(onPaper);
    }

    /** Blocks of ink in the four corners (a tight crop of bold cells) are no wedges: the fill beside them is ink. */
    @Test
    void inkInTheCornersIsNoTurn() {
        float[] pixels = new float[SIDE * SIDE];
        Arrays.fill(pixels, PAPER);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean corner = (x < 18 || x >= SIDE - 18) && (y < 8 || y >= SIDE - 8);
                if (corner) {
                    pixels[y * SIDE + x] = FILL;
                }
            }
        }
        assertThat(TurnedCorners.turn(new GrayImage(SIDE, SIDE, pixels))).isNull();
    }

    @Test
    void digitsAloneAreNotTurned() {
        for (int i = 0; i < 100; i++) {
            GrayImage dark = new GrayImage(SIDE, SIDE, StepImages.darkDigitOnPaper(SIDE, i, PAPER, INK));
            assertThat(TurnedCorners.erase(dark)).as("digit %d", i).isSameAs(dark);
        }
    }
}
