package io.digitstream.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.SyntheticImage;
import io.digitstream.testing.MnistFixture;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sets made from MNIST test, on the 500-image fixture; the photograph sets are tested in {@link MatePhotographsTest}. */
class IndependentSetsTest {

    private static final LabeledImages MNIST = MnistFixture.test500();
    private static final long SEED = IndependentSets.DEFAULT_SEED;
    private static final List<String> FROM_MNIST = List.of("tight", "tight-margin", "boxed", "stretched", "stretched-margin",
            "binarized", "binarized-margin", "binarized-blur", "binarized-blur-margin", "binarized-28",
            "binarized-28-margin", "lowres16", "lowres16-margin", "lowres16-28", "lowres16-28-margin", "notebook-b",
            "back-rand-b", "rot-b", "tight-28", "tight-28-margin", "stretched-28", "stretched-28-margin");

    private static EvaluationImages open(String name, long seed) throws IOException {
        return IndependentSets.open(name, () -> MNIST, seed);
    }

    @Test
    void twoGenerationsAreByteIdenticalInAnyOrderAndAnotherSeedDiffers() throws IOException {
        for (String name : FROM_MNIST) {
            EvaluationImages first = open(name, SEED);
            EvaluationImages second = open(name, SEED);
            assertThat(first.count()).isEqualTo(500);
            List<byte[]> parallel = IntStream.of(499, 7, 0).parallel().mapToObj(i -> second.image(i).bytes()).toList();
            int[] indexes = {499, 7, 0};
            int changedBySeed = 0;
            for (int k = 0; k < indexes.length; k++) {
                SyntheticImage image = first.image(indexes[k]);
                assertThat(parallel.get(k)).as("%s #%d", name, indexes[k]).isEqualTo(image.bytes());
                assertThat(image.label()).isEqualTo(MNIST.label(indexes[k]));
                changedBySeed += Arrays.equals(open(name, SEED + 1).image(indexes[k]).bytes(), image.bytes()) ? 0 : 1;
            }
            if (name.startsWith("lowres16") || name.startsWith("stretched-28")) {
                assertThat(changedBySeed).as("%s makes no random choice", name).isZero();
            } else if (name.startsWith("tight-28")) {
                assertThat(changedBySeed).as("margins of 0 or 1 px, no size drawn: an image may come out the same")
                        .isPositive();
            } else if (name.startsWith("binarized")) {
                assertThat(changedBySeed).as("one of four pens: an image may come out the same").isPositive();
            } else {
                assertThat(changedBySeed).as("%s images another seed changes", name).isEqualTo(3);
            }
        }
    }

    @Test
    void tightCropsTouchAtLeastTwoBordersAtTheirSize() throws IOException {
        EvaluationImages tight = open("tight", SEED);
        int allFour = 0;
        for (int i = 0; i < 200; i++) {
            SyntheticImage image = tight.image(i);
            assertThat(image.encoding()).isEqualTo(PixelEncoding.PNG);
            Decoded decoded = Decoded.of(image);
            assertThat(Math.max(decoded.width(), decoded.height())).as("#%d", i).isBetween(32, 96);
            assertThat(Math.max(decoded.width(), decoded.height())).isEqualTo(Math.max(image.width(), image.height()));
            int touching = Decoded.count(decoded.inkOnBorders(16));
            assertThat(touching).as("#%d borders with ink", i).isGreaterThanOrEqualTo(2);
            allFour += touching == 4 ? 1 : 0;
            // Dark ink on white: the paper is white, and there is dark ink.
            assertThat(IntStream.of(decoded.gray()).max().orElseThrow()).isEqualTo(255);
            assertThat(IntStream.of(decoded.gray()).min().orElseThrow()).isLessThan(80);
        }
        // Margins of 0..1 px are random: some crops touch all four borders, others not.
        assertThat(allFour).isBetween(20, 180);
    }

    @Test
    void aMarginSetIsExactlyItsTightImagePaddedWithPaper() throws IOException {
        for (String base : List.of("tight", "stretched", "binarized", "binarized-blur", "binarized-28", "lowres16",
                "lowres16-28", "tight-28", "stretched-28")) {
            EvaluationImages tight = open(base, SEED);
            EvaluationImages margin = open(base + "-margin", SEED);
            for (int i : new int[] {0, 1, 2, 3, 250, 499}) {
                Decoded inner = Decoded.of(tight.image(i));
                Decoded padded = Decoded.of(margin.image(i));
                int m = (Math.max(inner.width(), inner.height()) + 3) / 4;
                assertThat(padded.width()).isEqualTo(inner.width() + 2 * m);
                assertThat(padded.height()).isEqualTo(inner.height() + 2 * m);
                for (int y = 0; y < padded.height(); y++) {
                    for (int x = 0; x < padded.width(); x++) {
                        boolean inside = x >= m && y >= m && x < m + inner.width() && y < m + inner.height();
                        int expected = inside ? inner.at(x - m, y - m) : 255;
                        assertThat(padded.at(x, y)).as("%s #%d at (%d,%d)", base, i, x, y).isEqualTo(expected);
                    }
                }
                assertThat(Decoded.count(padded.inkOnBorders(1))).isZero();
            }
        }
    }

    /** Each boxed field holds its tight twin, pixel for pixel, inside lines on three or four sides. */
    @Test
    void aBoxedFieldIsItsTightCropInsideAPrintedBox() throws IOException {
        EvaluationImages tight = open("tight", SEED);
        EvaluationImages boxed = open("boxed", SEED);
        int threeSides = 0;
        for (int i = 0; i < 200; i++) {
            Decoded inner = Decoded.of(tight.image(i));
            Decoded field = Decoded.of(boxed.image(i));
            int edge = (field.width() - inner.width()) / 2;
            assertThat(field.height() - inner.height()).isEqualTo(2 * edge);
            for (int y = 0; y < inner.height(); y++) {
                for (int x = 0; x < inner.width(); x++) {
                    assertThat(field.at(x + edge, y + edge)).as("#%d at (%d,%d)", i, x, y).isEqualTo(inner.at(x, y));
                }
            }
            int sides = 0;
            for (int side = 0; side < 4; side++) {
                sides += hasLine(field, side, edge) ? 1 : 0;
            }
            assertThat(sides).as("#%d sides with a line", i).isBetween(3, 4);
            threeSides += sides == 3 ? 1 : 0;
        }
        assertThat(threeSides).as("one field in five is cut through its box").isBetween(20, 60);
    }

    /** Whether some row (or column) between {@code side}'s edge and the crop is dark across the middle of the field. */
    private static boolean hasLine(Decoded field, int side, int edge) {
        for (int d = 0; d < edge; d++) {
            boolean dark = true;
            int along = side < 2 ? field.width() : field.height();
            for (int t = edge; t < along - edge && dark; t++) {
                int x = switch (side) {
                    case 0, 1 -> t;
                    case 2 -> d;
                    default -> field.width() - 1 - d;
                };
                int y = switch (side) {
                    case 0 -> d;
                    case 1 -> field.height() - 1 - d;
                    default -> t;
                };
                dark = field.at(x, y) <= 105;
            }
            if (dark) {
                return true;
            }
        }
        return false;
    }

    @Test
    void stretchedDigitsFillTheirSquareUnlessThatMakesASolidBlock() throws IOException {
        EvaluationImages set = open("stretched", SEED);
        int allFour = 0;
        for (int i = 0; i < 200; i++) {
            Decoded decoded = Decoded.of(set.image(i));
            assertThat(decoded.width()).as("#%d", i).isEqualTo(decoded.height());
            assertThat(decoded.width()).isBetween(32, 96);
            boolean[] touches = decoded.inkOnBorders(16);
            assertThat((touches[0] && touches[2]) || (touches[1] && touches[3])).as("#%d", i).isTrue();
            allFour += Decoded.count(touches) == 4 ? 1 : 0;
        }
        // About 1% of MNIST test (upright 1s) would be solid blocks and keep their aspect instead.
        assertThat(allFour).isBetween(190, 199);
    }

    @Test
    void aBarKeepsItsAspectWhereStretchingWouldMakeABlockAndAnyOtherShapeIsStretched() {
        byte[] bar = new byte[3 * 20];
        java.util.Arrays.fill(bar, (byte) 255);
        InkImage fitted = SquareFill.of(new InkImage(3, 20, bar), 40, Resampling::bilinear);
        assertThat(InkBox.of(fitted)).isEqualTo(new InkBox(17, 0, 22, 39)); // 3:20 of 40 is 6 wide, centred
        byte[] ring = new byte[10 * 20];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 10; x++) {
                ring[y * 10 + x] = (byte) (x == 0 || x == 9 || y == 0 || y == 19 ? 255 : 0);
            }
        }
        InkImage stretched = SquareFill.of(new InkImage(10, 20, ring), 40, Resampling::bilinear);
        assertThat(InkBox.of(stretched)).isEqualTo(new InkBox(0, 0, 39, 39));
        assertThat(stretched.at(20, 20)).isZero();
    }

    @Test
    void binarizedDigitsNearlyFillTheirSquare() throws IOException {
        EvaluationImages set = open("binarized", SEED);
        int allFour = 0;
        for (int i = 0; i < 100; i++) {
            Decoded decoded = Decoded.of(set.image(i));
            assertThat(decoded.width()).as("#%d", i).isEqualTo(64);
            assertThat(decoded.height()).isEqualTo(64);
            // Stretched to 16x16 gray, then thresholded as Semeion did: a thin edge column of ink may fall under it.
            int touching = Decoded.count(decoded.inkOnBorders(16));
            assertThat(touching).as("#%d", i).isGreaterThanOrEqualTo(2);
            allFour += touching == 4 ? 1 : 0;
        }
        assertThat(allFour).isGreaterThanOrEqualTo(50);
    }

    @Test
    void binarizedPensAreThinnerOrThickerAndTheCellsBlackOrWhite() {
        InkImage digit = new InkImage(28, 28, MNIST.image(0));
        int thinner = Morphology.inkPixels(Morphology.threshold(digit, 224));
        int asIs = Morphology.inkPixels(Morphology.threshold(digit, 128));
        int thicker = Morphology.inkPixels(Morphology.dilate(Morphology.threshold(digit, 128), 2));
        int muchThicker = Morphology.inkPixels(Morphology.dilate(Morphology.threshold(digit, 128), 3));
        assertThat(thinner).isLessThan(asIs);
        assertThat(asIs).isLessThan(thicker);
        assertThat(thicker).isLessThan(muchThicker);
        for (BinarizedScan.Pen pen : BinarizedScan.Pen.values()) {
            InkImage scan = BinarizedScan.of(digit, pen);
            assertThat(scan.width()).isEqualTo(64);
            // Enlarged x4 from 16x16 black/white cells: near a cell's centre its own value weighs 49/64, so every
            // pixel there is within a quarter of black or white.
            for (int cy = 0; cy < 16; cy++) {
                for (int cx = 0; cx < 16; cx++) {
                    int centre = scan.at(cx * 4 + 2, cy * 4 + 2);
                    assertThat(centre <= 60 || centre >= 195).as("%s cell %d,%d: %d", pen, cx, cy, centre).isTrue();
                }
            }
        }
    }

    @Test
    void theMnistSizedSetsAreTheirTwinsAt28PixelsTouchingTheFrame() throws IOException {
        for (String base : List.of("binarized", "lowres16", "tight", "stretched")) {
            EvaluationImages large = open(base, SEED);
            EvaluationImages small = open(base + "-28", SEED);
            for (int i : new int[] {0, 1, 2, 3, 250, 499}) {
                Decoded at28 = Decoded.of(small.image(i));
                Decoded at64 = Decoded.of(large.image(i));
                assertThat(Math.max(at28.width(), at28.height())).isEqualTo(28);
                if (!base.equals("tight")) { // a tight crop keeps its aspect
                    assertThat(Math.min(at28.width(), at28.height())).isEqualTo(28);
                } else {
                    assertThat((double) at28.width() / at28.height()).as("tight #%d keeps its aspect", i)
                            .isCloseTo((double) at64.width() / at64.height(), org.assertj.core.data.Offset.offset(0.1));
                }
                assertThat(Decoded.count(at28.inkOnBorders(16))).as("%s #%d touches the frame", base, i).isPositive();
                // the same digit (pen and cells): the ink's share of the frame is about the same at either size
                assertThat(mean(at28)).as("%s #%d", base, i)
                        .isCloseTo(mean(at64), org.assertj.core.data.Offset.offset(8.0));
            }
        }
    }

    @Test
    void aDefocusedScanIsItsBinarizedTwinBlurredBySigmaOneToThree() throws IOException {
        EvaluationImages sharp = open("binarized", SEED);
        EvaluationImages defocused = open("binarized-blur", SEED);
        for (int i : new int[] {0, 1, 2, 3, 250, 499}) {
            Decoded twin = Decoded.of(sharp.image(i));
            Decoded blurred = Decoded.of(defocused.image(i));
            assertThat(blurred.width()).isEqualTo(64);
            assertThat(blurred.height()).isEqualTo(64);
            InkImage scan = inkOf(twin);
            // sharpness, as the energy of the differences between neighbours, falls as sigma grows
            assertThat(sharpness(blurred)).as("#%d", i)
                    .isLessThanOrEqualTo(sharpness(BinarizedScan.blurred(scan, BinarizedScan.MIN_SIGMA)) + 1)
                    .isGreaterThanOrEqualTo(sharpness(BinarizedScan.blurred(scan, BinarizedScan.MAX_SIGMA)) - 1)
                    .isLessThan(sharpness(twin));
            // the same digit: blur with the edges extended keeps the mean level
            assertThat(mean(blurred)).as("#%d", i).isCloseTo(mean(twin), org.assertj.core.data.Offset.offset(3.0));
        }
    }

    private static InkImage inkOf(Decoded decoded) {
        byte[] ink = new byte[decoded.gray().length];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = (byte) (255 - decoded.gray()[i]);
        }
        return new InkImage(decoded.width(), decoded.height(), ink);
    }

    private static double sharpness(InkImage image) {
        int[] gray = new int[image.ink().length];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = 255 - (image.ink()[i] & 0xff);
        }
        return sharpness(new Decoded(image.width(), image.height(), gray, null));
    }

    private static double sharpness(Decoded decoded) {
        double sum = 0;
        for (int y = 0; y < decoded.height(); y++) {
            for (int x = 0; x + 1 < decoded.width(); x++) {
                double d = decoded.at(x + 1, y) - decoded.at(x, y);
                sum += d * d;
            }
        }
        return sum / decoded.gray().length;
    }

    private static double mean(Decoded decoded) {
        return IntStream.of(decoded.gray()).average().orElseThrow();
    }

    @Test
    void lowResolutionScansTouchTwoOppositeBordersAndComeFromSixteenPixels() throws IOException {
        EvaluationImages set = open("lowres16", SEED);
        for (int i = 0; i < 100; i++) {
            Decoded decoded = Decoded.of(set.image(i));
            assertThat(decoded.width()).isEqualTo(64);
            assertThat(decoded.height()).isEqualTo(64);
            boolean[] touches = decoded.inkOnBorders(16);
            assertThat((touches[0] && touches[2]) || (touches[1] && touches[3])).as("#%d", i).isTrue();
        }
        // Enlarged from 16x16 by an integer factor: the 16x16 area average of the 64x64 image is blurred but its
        // ink box is the full 16-pixel side.
        InkImage scan = LowResolutionScan.of(new InkImage(28, 28, MNIST.image(1)));
        InkBox box = InkBox.of(Resampling.areaAverage(scan, 16, 16));
        assertThat(Math.max(box.width(), box.height())).isEqualTo(16);
    }

    @Test
    void backRandBShowsUniformNoiseWhereThereIsNoInkAndTheDigitWhereItIsFull() throws IOException {
        EvaluationImages set = open("back-rand-b", SEED);
        long[] histogram = new long[4];
        double sum = 0;
        double sumOfSquares = 0;
        long background = 0;
        for (int i = 0; i < 200; i++) {
            SyntheticImage image = set.image(i);
            assertThat(image.encoding()).isEqualTo(PixelEncoding.GRAY8);
            byte[] digit = MNIST.image(i);
            for (int p = 0; p < digit.length; p++) {
                int out = image.bytes()[p] & 0xFF;
                int ink = digit[p] & 0xFF;
                assertThat(out).isGreaterThanOrEqualTo(ink);
                if (ink == 255) {
                    assertThat(out).isEqualTo(255);
                }
                if (ink == 0) {
                    histogram[out / 64]++;
                    sum += out;
                    sumOfSquares += (double) out * out;
                    background++;
                }
            }
        }
        double mean = sum / background;
        double std = Math.sqrt(sumOfSquares / background - mean * mean);
        assertThat(mean).isBetween(126.0, 129.0);
        assertThat(std).isBetween(73.0, 75.0);
        for (long quarter : histogram) {
            assertThat((double) quarter / background).isBetween(0.24, 0.26);
        }
    }

    @Test
    void bicubicRotationIsExactAtZeroAndAQuarterTurn() {
        InkImage digit = new InkImage(28, 28, MNIST.image(3));
        assertThat(BicubicRotation.rotate(digit, 0).ink()).isEqualTo(digit.ink());
        InkImage quarter = BicubicRotation.rotate(digit, 90);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertThat(quarter.at(x, y)).as("(%d,%d)", x, y).isEqualTo(digit.at(y, 27 - x));
            }
        }
        // Four quarter turns bring the digit back.
        InkImage turned = digit;
        for (int k = 0; k < 4; k++) {
            turned = BicubicRotation.rotate(turned, 90);
        }
        assertThat(turned.ink()).isEqualTo(digit.ink());
    }

    @Test
    void notebookPhotosAreColourPagesOfTheirSizeWithDarkInkInBothFormats() throws IOException {
        EvaluationImages set = open("notebook-b", SEED);
        int jpeg = 0;
        for (int i = 0; i < 60; i++) {
            SyntheticImage image = set.image(i);
            jpeg += image.encoding() == PixelEncoding.JPEG ? 1 : 0;
            Decoded decoded = Decoded.of(image);
            assertThat(decoded.width()).isEqualTo(image.width()).isBetween(56, 112);
            assertThat(decoded.height()).isEqualTo(image.height()).isBetween(56, 112);
            assertThat(decoded.picture().getColorModel().getNumColorComponents()).isEqualTo(3);
            int[] sorted = decoded.gray().clone();
            java.util.Arrays.sort(sorted);
            int median = sorted[sorted.length / 2];
            int darkest = sorted[sorted.length / 100];
            assertThat(median).as("#%d paper", i).isGreaterThan(80);
            assertThat(median - darkest).as("#%d ink contrast", i).isGreaterThanOrEqualTo(40);
        }
        assertThat(jpeg).isBetween(30, 55);
    }

    @Test
    void inkBoxCropsToVisibleInkAndGrowsByMarginsOfPaper() {
        byte[] ink = new byte[10 * 10];
        ink[3 * 10 + 4] = (byte) 200;
        ink[6 * 10 + 7] = (byte) 40;
        ink[9 * 10 + 9] = (byte) 31; // fainter than visible: outside the box
        InkImage image = new InkImage(10, 10, ink);
        InkBox box = InkBox.of(image);
        assertThat(box).isEqualTo(new InkBox(4, 3, 7, 6));
        InkImage grown = box.crop(image, 1, 0, 3, 4);
        assertThat(grown.width()).isEqualTo(4 + 1 + 3);
        assertThat(grown.height()).isEqualTo(4 + 4);
        assertThat(grown.at(1, 0)).isEqualTo(200);
        assertThat(grown.at(4, 3)).isEqualTo(40);
        assertThat(grown.at(7, 7)).isZero(); // beyond the image: paper
    }
}
