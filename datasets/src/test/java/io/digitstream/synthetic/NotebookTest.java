package io.digitstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.image.BuiltInImageReaders;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The notebook pages, decoded as the service would decode them. */
class NotebookTest {

    private static final LabeledImages MNIST = MnistFixture.test500();
    private static final long SEED = SyntheticDigits.DEFAULT_SEED;
    private static final int PAGES = 120;

    private record Page(NotebookPage drawn, SyntheticImage image, double[][] luma, BufferedImage decoded) {
    }

    private static final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        SyntheticDigits generator = SyntheticDigits.of(Variant.NOTEBOOK, null);
        for (int i = 0; i < PAGES; i++) {
            SyntheticImage image = generator.generate(MNIST, i, SEED);
            BufferedImage decoded = decode(image);
            pages.add(new Page(SyntheticDigits.notebookPage(MNIST, i, SEED), image, luma(decoded), decoded));
        }
    }

    @Test
    void pagesAreColorPngOrJpegOfTheDrawnSizeWithTheDigitInside() {
        Set<PixelEncoding> encodings = EnumSet.noneOf(PixelEncoding.class);
        Set<PaperStyle> styles = EnumSet.noneOf(PaperStyle.class);
        Set<InkColor> inks = EnumSet.noneOf(InkColor.class);
        List<Double> fractions = new ArrayList<>();
        for (Page page : pages) {
            SyntheticImage image = page.image();
            assertThat(image.width()).isBetween(48, 128);
            assertThat(image.height()).isBetween(48, 128);
            assertThat(image.width() / (double) image.height()).isBetween(0.7, 1.4);
            assertThat(page.decoded().getWidth()).isEqualTo(image.width());
            assertThat(page.decoded().getHeight()).isEqualTo(image.height());
            assertThat(page.decoded().getColorModel().getNumColorComponents()).isEqualTo(3);
            assertThat(image.width()).isEqualTo(page.drawn().width());
            NotebookPage.Writing writing = page.drawn().writing();
            assertThat(writing.centreX() - writing.extentX() / 2).isGreaterThanOrEqualTo(NotebookPage.EDGE_MARGIN - 1e-9);
            assertThat(writing.centreX() + writing.extentX() / 2).isLessThanOrEqualTo(image.width() - NotebookPage.EDGE_MARGIN + 1e-9);
            assertThat(writing.centreY() - writing.extentY() / 2).isGreaterThanOrEqualTo(NotebookPage.EDGE_MARGIN - 1e-9);
            assertThat(writing.centreY() + writing.extentY() / 2).isLessThanOrEqualTo(image.height() - NotebookPage.EDGE_MARGIN + 1e-9);
            int index = pages.indexOf(page);
            int[] box = NotebookPage.inkBox(MNIST.image(index), 28, 28);
            double heightFraction = writing.scale() * (box[3] - box[1] + 2) / image.height();
            assertThat(heightFraction).as("digit height / page height").isLessThanOrEqualTo(0.8 + 1e-9);
            fractions.add(heightFraction);
            assertThat(Math.abs(writing.degrees())).isLessThanOrEqualTo(8);
            assertThat(page.drawn().scan().quality()).isBetween(75, 95);
            encodings.add(image.encoding());
            styles.add(page.drawn().paper().style());
            inks.add(writing.ink());
        }
        double meanFraction = fractions.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(meanFraction).as("mean digit height / page height").isBetween(0.5, 0.72);
        assertThat(encodings).containsExactlyInAnyOrder(PixelEncoding.PNG, PixelEncoding.JPEG);
        assertThat(styles).containsExactlyInAnyOrder(PaperStyle.values());
        assertThat(inks).containsExactlyInAnyOrder(InkColor.values());
    }

    @Test
    void theInkIsDarkOnLightPaper() {
        for (Page page : pages) {
            double[] border = border(page.luma());
            double borderMedian = percentile(border, 0.5);
            assertThat(borderMedian).as("paper at the edge of page %s", page.drawn()).isGreaterThan(140);
            double[] all = Arrays.stream(page.luma()).flatMapToDouble(Arrays::stream).toArray();
            assertThat(percentile(all, 0.01)).as("darkest ink").isLessThan(borderMedian - 40);
            // The darkest pixel off the red margin line is the ink's, inside the digit's box.
            int[] darkest = darkest(page.luma(), page.drawn().paper());
            NotebookPage.Writing writing = page.drawn().writing();
            assertThat(Math.abs(darkest[0] - writing.centreX())).isLessThanOrEqualTo(writing.extentX() / 2 + 2);
            assertThat(Math.abs(darkest[1] - writing.centreY())).isLessThanOrEqualTo(writing.extentY() / 2 + 2);
        }
    }

    @Test
    void blueInkIsBlue() {
        int checked = 0;
        for (Page page : pages) {
            if (page.drawn().writing().ink() != InkColor.BLUE) {
                continue;
            }
            int[] darkest = darkest(page.luma(), page.drawn().paper());
            int rgb = page.decoded().getRGB(darkest[0], darkest[1]);
            assertThat(rgb & 0xFF).as("blue over red").isGreaterThan((rgb >> 16) & 0xFF);
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void ruledAndSquaredPagesHaveLinesAtTheDrawnSpacingAndPlainOnesNone() {
        int lineRows = 0;
        int darkerLineRows = 0;
        int plainRows = 0;
        int darkerPlainRows = 0;
        for (Page page : pages) {
            NotebookPage.Paper paper = page.drawn().paper();
            // Rows compared through the columns without the digit, the margin or a vertical line.
            double[] profile = rowProfile(page);
            if (profile == null) {
                continue;
            }
            int spacing = paper.spacing();
            int half = spacing / 2;
            int pageLines = 0;
            int pageDarker = 0;
            for (int y = paper.offsetY(); y < profile.length; y += spacing) {
                if (y - half < 0 || y + half >= profile.length) {
                    continue;
                }
                // Against the mean of the rows half a pitch away, which cancels a linear lighting gradient.
                boolean darker = profile[y] < (profile[y - half] + profile[y + half]) / 2 - 3;
                if (paper.style().horizontalLines()) {
                    pageLines++;
                    pageDarker += darker ? 1 : 0;
                } else {
                    plainRows++;
                    darkerPlainRows += darker ? 1 : 0;
                }
            }
            lineRows += pageLines;
            darkerLineRows += pageDarker;
            if (pageLines > 0) {
                assertThat(pageDarker).as("lines found on %s", page.drawn()).isGreaterThanOrEqualTo((pageLines + 1) / 2);
            }
        }
        assertThat(lineRows).isGreaterThan(100);
        assertThat(darkerLineRows / (double) lineRows).isGreaterThan(0.9);
        assertThat(plainRows).isGreaterThan(20);
        assertThat(darkerPlainRows / (double) plainRows).as("plain paper has no lines").isLessThan(0.3);
    }

    @Test
    void squaredPagesHaveVerticalLinesToo() {
        int lines = 0;
        int darker = 0;
        for (Page page : pages) {
            NotebookPage.Paper paper = page.drawn().paper();
            if (!paper.style().verticalLines()) {
                continue;
            }
            double[] profile = columnProfile(page);
            if (profile == null) {
                continue;
            }
            int half = paper.spacing() / 2;
            for (int x = paper.offsetX(); x < profile.length; x += paper.spacing()) {
                if (x - half < 0 || x + half >= profile.length || Double.isNaN(profile[x])
                        || Double.isNaN(profile[x - half]) || Double.isNaN(profile[x + half])) {
                    continue;
                }
                lines++;
                darker += profile[x] < (profile[x - half] + profile[x + half]) / 2 - 3 ? 1 : 0;
            }
        }
        assertThat(lines).isGreaterThan(50);
        assertThat(darker / (double) lines).isGreaterThan(0.9);
    }

    /** Per row, the median luma over the columns left and right of the digit that hold no vertical line. */
    private static double[] rowProfile(Page page) {
        NotebookPage.Paper paper = page.drawn().paper();
        NotebookPage.Writing writing = page.drawn().writing();
        double[][] luma = page.luma();
        List<Integer> columns = new ArrayList<>();
        for (int x = 0; x < luma[0].length; x++) {
            boolean nearDigit = Math.abs(x - writing.centreX()) <= writing.extentX() / 2 + 3;
            boolean nearLine = false;
            for (int dx = -2; dx <= 2; dx++) {
                nearLine |= paper.onVerticalLine(x + dx) || paper.onMargin(x + dx);
            }
            if (!nearDigit && !nearLine) {
                columns.add(x);
            }
        }
        if (columns.size() < 5) {
            return null;
        }
        double[] profile = new double[luma.length];
        for (int y = 0; y < luma.length; y++) {
            double[] row = new double[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = luma[y][columns.get(i)];
            }
            profile[y] = percentile(row, 0.5);
        }
        return profile;
    }

    /** Per column, the median luma over rows above and below the digit that hold no horizontal line; NaN at the margin. */
    private static double[] columnProfile(Page page) {
        NotebookPage.Paper paper = page.drawn().paper();
        NotebookPage.Writing writing = page.drawn().writing();
        double[][] luma = page.luma();
        List<Integer> rows = new ArrayList<>();
        for (int y = 0; y < luma.length; y++) {
            boolean nearDigit = Math.abs(y - writing.centreY()) <= writing.extentY() / 2 + 3;
            boolean nearLine = false;
            for (int dy = -2; dy <= 2; dy++) {
                nearLine |= paper.onHorizontalLine(y + dy);
            }
            if (!nearDigit && !nearLine) {
                rows.add(y);
            }
        }
        if (rows.size() < 5) {
            return null;
        }
        double[] profile = new double[luma[0].length];
        for (int x = 0; x < profile.length; x++) {
            boolean nearMargin = false;
            for (int dx = -3; dx <= 3; dx++) {
                nearMargin |= paper.onMargin(x + dx);
            }
            double[] column = new double[rows.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = luma[rows.get(i)][x];
            }
            profile[x] = nearMargin ? Double.NaN : percentile(column, 0.5);
        }
        return profile;
    }

    private static BufferedImage decode(SyntheticImage image) throws IOException {
        ImageReader reader = BuiltInImageReaders.forFormat(image.encoding().name());
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(image.bytes()))) {
            reader.setInput(input, true, true);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    private static double[][] luma(BufferedImage image) {
        double[][] luma = new double[image.getHeight()][image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                luma[y][x] = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
            }
        }
        return luma;
    }

    private static double[] border(double[][] luma) {
        List<Double> values = new ArrayList<>();
        int h = luma.length;
        int w = luma[0].length;
        for (int x = 0; x < w; x++) {
            values.add(luma[0][x]);
            values.add(luma[h - 1][x]);
        }
        for (int y = 1; y < h - 1; y++) {
            values.add(luma[y][0]);
            values.add(luma[y][w - 1]);
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int[] darkest(double[][] luma, NotebookPage.Paper paper) {
        int[] at = null;
        for (int y = 0; y < luma.length; y++) {
            for (int x = 0; x < luma[0].length; x++) {
                boolean nearMargin = false;
                for (int dx = -3; dx <= 3; dx++) {
                    nearMargin |= paper.onMargin(x + dx);
                }
                if (!nearMargin && (at == null || luma[y][x] < luma[at[1]][at[0]])) {
                    at = new int[] {x, y};
                }
            }
        }
        return at;
    }

    private static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
