package io.digitstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scan-page training family: what it draws, and that the digit lands where the drawing says. */
class ScanPageTest {

    private static final LabeledImages MNIST = MnistFixture.test500();
    private static final long SEED = SyntheticDigits.DEFAULT_SEED;
    private static final int PAGES = 150;
    private static final List<ScanPage> pages = new ArrayList<>();

    @BeforeAll
    static void draw() {
        for (int i = 0; i < PAGES; i++) {
            pages.add(SyntheticDigits.scanPage(MNIST, i, SEED));
        }
    }

    @Test
    void pagesCoverEveryPaperRulingAndInkAndEveryJpegQualityBand() {
        Set<ScanPage.Tone> tones = EnumSet.noneOf(ScanPage.Tone.class);
        Set<ScanPage.Ruling> rulings = EnumSet.noneOf(ScanPage.Ruling.class);
        Set<Integer> strokes = new java.util.HashSet<>();
        int pencils = 0;
        int shadows = 0;
        int crumpled = 0;
        int lowQuality = 0;
        int highQuality = 0;
        int margins = 0;
        for (ScanPage page : pages) {
            assertThat(page.width()).isBetween(ScanPage.MIN_SIZE, ScanPage.MAX_SIZE);
            assertThat(page.height()).isBetween(ScanPage.MIN_SIZE, ScanPage.MAX_SIZE);
            assertThat(Math.abs(StrictMath.toDegrees(page.sheet().tiltRadians()))).isLessThanOrEqualTo(1.0);
            tones.add(page.sheet().tone());
            rulings.add(page.sheet().ruling());
            strokes.add(page.hand().stroke());
            pencils += page.hand().grain() > 0 ? 1 : 0;
            shadows += page.capture().shadow() > 0 ? 1 : 0;
            crumpled += page.capture().crumple() > 0 ? 1 : 0;
            margins += page.sheet().marginX() >= 0 ? 1 : 0;
            int quality = page.capture().quality();
            assertThat(quality).isBetween(ScanPage.MIN_QUALITY, ScanPage.MAX_QUALITY);
            if (page.capture().format() == ImageEncoding.JPEG) {
                lowQuality += quality < 50 ? 1 : 0;
                highQuality += quality > 80 ? 1 : 0;
            }
        }
        assertThat(tones).containsExactlyInAnyOrder(ScanPage.Tone.values());
        assertThat(rulings).containsExactlyInAnyOrder(ScanPage.Ruling.values());
        assertThat(strokes).containsExactlyInAnyOrder(-1, 0, 1);
        assertThat(pencils).as("pencil pages (20%%)").isBetween(15, 50);
        assertThat(shadows).as("shadowed pages (35%%)").isBetween(30, 75);
        assertThat(crumpled).as("crumpled pages (40%%)").isBetween(35, 85);
        assertThat(margins).as("margin lines (25%%)").isBetween(20, 60);
        assertThat(lowQuality).isPositive();
        assertThat(highQuality).isPositive();
    }

    @Test
    void theDigitStaysInsideItsDrawnBoxAndThatBoxInsideThePage() {
        for (int i = 0; i < PAGES; i++) {
            ScanPage page = pages.get(i);
            double[] extent = page.hand().extent();
            assertThat(extent[0]).isGreaterThanOrEqualTo(ScanPage.EDGE_MARGIN - 1e-9);
            assertThat(extent[1]).isGreaterThanOrEqualTo(ScanPage.EDGE_MARGIN - 1e-9);
            assertThat(extent[2]).isLessThanOrEqualTo(page.width() - ScanPage.EDGE_MARGIN + 1e-9);
            assertThat(extent[3]).isLessThanOrEqualTo(page.height() - ScanPage.EDGE_MARGIN + 1e-9);
            assertThat((extent[3] - extent[1]) / page.height()).as("digit height / page height").isBetween(0.15, 0.85 + 1e-9);
            int[] box = NotebookPage.inkBox(MNIST.image(i), 28, 28);
            int inside = 0;
            for (int y = 0; y < page.height(); y++) {
                for (int x = 0; x < page.width(); x++) {
                    double[] source = page.sourceOf(x, y);
                    boolean onInk = source != null && source[0] > box[0] - 1 && source[0] < box[2] + 1
                            && source[1] > box[1] - 1 && source[1] < box[3] + 1;
                    boolean inExtent = x >= extent[0] - 0.5 && x <= extent[2] + 0.5 && y >= extent[1] - 0.5
                            && y <= extent[3] + 0.5;
                    assertThat(!onInk || inExtent).as("page %d pixel (%d, %d) maps onto the ink box", i, x, y).isTrue();
                    inside += onInk ? 1 : 0;
                }
            }
            assertThat(inside).as("page %d draws the digit", i).isPositive();
        }
    }

    @Test
    void aShadowDarkensOneSideOfItsEdgeAndCrumpleShadingIsSmoothAndBounded() {
        ScanPage drawn = pages.get(0);
        ScanPage.Capture shadowOnly = new ScanPage.Capture(1, new double[] {1, 1, 1}, 0, 0, 0, 0.3, 50, 50, 0, 10,
                0, 4, 99, 0.5, 1, ImageEncoding.PNG, 90);
        ScanPage page = new ScanPage(100, 100, drawn.sheet(), drawn.hand(), shadowOnly);
        // The shadow lies on the side the edge's normal (angle 0: +x) points to, beyond half the softness.
        assertThat(page.light(30, 50)).isEqualTo(1.0);
        assertThat(page.light(70, 50)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(page.light(50, 50)).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
        ScanPage.Capture crumpleOnly = new ScanPage.Capture(1, new double[] {1, 1, 1}, 0, 0, 0, 0, 0, 0, 0, 10,
                0.1, 4, 12345, 0.5, 1, ImageEncoding.PNG, 90);
        ScanPage crumpled = new ScanPage(100, 100, drawn.sheet(), drawn.hand(), crumpleOnly);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                double field = crumpled.crumpleField(x, y);
                assertThat(field).isBetween(-1.0, 1.0);
                if (x > 0) {
                    assertThat(Math.abs(field - crumpled.crumpleField(x - 1, y))).isLessThan(0.2);
                }
                min = Math.min(min, field);
                max = Math.max(max, field);
                assertThat(crumpled.light(x, y)).isCloseTo(1 + 0.1 * field, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        assertThat(max - min).as("the shading varies over the page").isGreaterThan(0.3);
    }

    @Test
    void pagesAreColorFilesWhoseInkIsDarkerThanThePaper() throws Exception {
        SyntheticDigits generator = SyntheticDigits.of(Variant.SCAN_PAGE, null);
        Set<PixelEncoding> encodings = EnumSet.noneOf(PixelEncoding.class);
        for (int i = 0; i < 40; i++) {
            SyntheticImage image = generator.generate(MNIST, i, SEED);
            encodings.add(image.encoding());
            java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image.bytes()));
            assertThat(decoded.getWidth()).isEqualTo(pages.get(i).width());
            assertThat(decoded.getHeight()).isEqualTo(pages.get(i).height());
            // The darkest pixel of the digit's box is a fifth darker than the page's median: the ink shows (light
            // multiplies paper and ink alike, so on a dim page the difference in levels is smaller).
            double[] extent = pages.get(i).hand().extent();
            List<Integer> all = new ArrayList<>();
            int darkestInBox = 255;
            for (int y = 0; y < decoded.getHeight(); y++) {
                for (int x = 0; x < decoded.getWidth(); x++) {
                    int rgb = decoded.getRGB(x, y);
                    int luma = (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
                    all.add(luma);
                    if (x >= extent[0] && x <= extent[2] && y >= extent[1] && y <= extent[3]) {
                        darkestInBox = Math.min(darkestInBox, luma);
                    }
                }
            }
            all.sort(null);
            assertThat(darkestInBox).as("page %d", i).isLessThan((int) (0.8 * all.get(all.size() / 2)));
        }
        assertThat(encodings).containsExactlyInAnyOrder(PixelEncoding.PNG, PixelEncoding.JPEG);
    }
}
