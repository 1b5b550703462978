package io.digitstream.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.lab.evaluate.Datasets;
import io.digitstream.lab.evaluate.Evaluation;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.ColourScans;
import io.digitstream.model.DigitModel;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.awt.Color;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on a folder of colour PNG and JPEG scans of different sizes ({@link ColourScans}), read as {@code dir:PATH}. */
class ReportOnImageFolderTest {

    static final int IMAGES = 24;
    private static final Color PAPER = ColourScans.PAPER;

    @TempDir
    static Path dir;
    private static List<DigitImage> images;
    private static ImagePipeline pipeline;
    private static List<ClassifiedDigit> digits;
    private static Path report;

    @BeforeAll
    static void writeTheFolderAndItsReport() throws Exception {
        Path scans = ColourScans.write(dir.resolve("scans"), MnistFixture.test500(), IMAGES);
        images = Datasets.load(Datasets.DIRECTORY_PREFIX + scans, MnistFetcher.withDefaults(), 0);
        pipeline = ImagePipeline.withDefaults();
        DigitModel model = TestModels.shipped();
        Evaluation evaluation = new Evaluation(new RecordClassifier(pipeline, model, Clock.systemUTC()));
        evaluation.addAll(images);
        digits = ClassifiedDigit.join(images, evaluation.predictions());
        report = dir.resolve("report");
        new QualityReport("dir:scans", model.metadata(), evaluation.confusion(), digits, evaluation.rejected().size(),
                dir.resolve("no-baseline.json"), pipeline).write(report);
    }

    @Test
    void theFolderHoldsColourPngAndJpegOfDifferentSizes() {
        assertThat(images).hasSize(IMAGES);
        assertThat(images).extracting(DigitImage::getEncoding).contains(PixelEncoding.PNG, PixelEncoding.JPEG);
        assertThat(images.stream().map(i -> i.getWidth() + "x" + i.getHeight()).distinct()).hasSize(ColourScans.SIZES.length);
        // the shipped model reads most of them: the figures show mostly right predictions, not noise
        assertThat(digits).hasSize(IMAGES);
        assertThat(digits.stream().filter(ClassifiedDigit::correct).count()).isGreaterThan(IMAGES * 3 / 4);
    }

    @Test
    void everyFigureIsWrittenWithTheSizeItsLayoutGives() throws Exception {
        PredictionGrid grid = new PredictionGrid(new DigitPictures(pipeline));
        DigitTile gridTile = grid.tile();
        int gridRows = (IMAGES + PredictionGrid.COLUMNS - 1) / PredictionGrid.COLUMNS;
        assertSize(QualityReport.GRID_PNG, 2 * 20 + PredictionGrid.COLUMNS * gridTile.width() + (PredictionGrid.COLUMNS - 1) * 10,
                44 + gridRows * (gridTile.height() + 10) + 20);

        DigitTile galleryTile = new MistakeGallery(new DigitPictures(pipeline)).tile();
        long mistakes = digits.stream().filter(d -> !d.correct()).count();
        int galleryRows = (int) Math.max(1, (Math.min(mistakes, MistakeGallery.LIMIT) + MistakeGallery.COLUMNS - 1) / MistakeGallery.COLUMNS);
        assertSize(QualityReport.MISTAKES_PNG, 2 * 20 + MistakeGallery.COLUMNS * galleryTile.width() + (MistakeGallery.COLUMNS - 1) * 12,
                44 + galleryRows * (galleryTile.height() + 12) + 20);

        assertSize(QualityReport.CONFUSION_PNG, 86 + 10 * 54 + 24, 56 + 10 * 54 + 64);
    }

    private static void assertSize(String name, int width, int height) throws Exception {
        Path file = report.resolve(name);
        assertThat(file).isRegularFile();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(name).isNotNull();
        assertThat(image.getWidth()).as(name + " width").isEqualTo(width);
        assertThat(image.getHeight()).as(name + " height").isEqualTo(height);
    }

    @Test
    void theMarkdownLinksTheFigures() throws Exception {
        String markdown = Files.readString(report.resolve(QualityReport.REPORT_MD));
        for (String figure : List.of(QualityReport.CONFUSION_PNG, QualityReport.GRID_PNG, QualityReport.MISTAKES_PNG)) {
            assertThat(markdown).contains("](" + figure + ")");
        }
        assertThat(markdown).contains("on `dir:scans`: " + IMAGES + " labeled images");
    }

    @Test
    void eachTileShowsTheScanAsSubmittedBesideItsModelInput() throws Exception {
        BufferedImage figure = ImageIO.read(report.resolve(QualityReport.GRID_PNG).toFile());
        PredictionGrid grid = new PredictionGrid(new DigitPictures(pipeline));
        DigitTile tile = grid.tile();
        int paperLuma = (int) Math.round(0.299 * PAPER.getRed() + 0.587 * PAPER.getGreen() + 0.114 * PAPER.getBlue());
        for (int i = 0; i < IMAGES; i++) {
            Point at = grid.tileOrigin(i);
            DigitImage scan = images.get(i);
            // the scan's top-left corner is paper: its luma, where the fitted scan starts in its panel
            double fit = (double) tile.panel() / Math.max(scan.getWidth(), scan.getHeight());
            int left = at.x + tile.originalX() + (tile.panel() - (int) Math.round(scan.getWidth() * fit)) / 2;
            int top = at.y + DigitTile.FRAME + (tile.panel() - (int) Math.round(scan.getHeight() * fit)) / 2;
            assertThat(new Color(figure.getRGB(left + 1, top + 1)).getRed()).as("scan %d paper", i)
                    .isCloseTo(paperLuma, within(6));
            // the model input: the network's 28x28, light ink on dark, drawn dark on light
            float[] input = pipeline.modelInput(scan);
            for (int p = 0; p < input.length; p += 7) {
                int x = at.x + tile.inputX() + (p % 28) * (tile.panel() / 28);
                int y = at.y + DigitTile.FRAME + (p / 28) * (tile.panel() / 28);
                assertThat(new Color(figure.getRGB(x, y)).getRed()).as("scan %d input pixel %d", i, p)
                        .isCloseTo(Math.round(255 * (1 - input[p])), within(1));
            }
        }
    }
}
