package io.digitstream.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.lab.baseline.ForestBaseline;
import io.digitstream.lab.baseline.ForestBaselineResult;
import io.digitstream.lab.baseline.ForestParameters;
import io.digitstream.lab.evaluate.CalibrationCheck;
import io.digitstream.lab.evaluate.Evaluation;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.testing.MnistFixture;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on the 500-image fixture, classified by the shipped model through the stream's code. */
class QualityReportTest {

    private static final LabeledImages FIXTURE = MnistFixture.test500();
    private static final double TARGET_ERROR = 0.005;

    @TempDir
    static Path dir;
    private static DigitModel model;
    private static Evaluation evaluation;
    private static List<DigitImage> images;
    private static ForestBaselineResult forest;
    private static String markdown;

    @BeforeAll
    static void writeReport() throws Exception {
        model = TestModels.shipped();
        images = new ArrayList<>();
        for (int i = 0; i < FIXTURE.count(); i++) {
            images.add(DigitRecords.gray8(FIXTURE, i, "fixture", "fixture", Instant.EPOCH, true));
        }
        evaluation = new Evaluation(new RecordClassifier(ImagePipeline.withDefaults(), model, Clock.systemUTC()));
        evaluation.addAll(images);

        // The fixture serves as training and test set: the report only has to show what the file says.
        forest = new ForestBaseline(new ForestBaseline.Settings(150, 3, 300, 0, 200, 42, 2), line -> { }).run(FIXTURE, FIXTURE,
                List.of(new ForestParameters(4, 14, 4, 5), new ForestParameters(8, 28, 0, 1)), "bin/digits baseline --test");
        Path baselineFile = dir.resolve("forest-baseline.json");
        forest.write(baselineFile);

        new QualityReport("fixture", model.metadata(), evaluation.confusion(),
                ClassifiedDigit.join(images, evaluation.predictions()), evaluation.rejected().size(), baselineFile,
                ImagePipeline.withDefaults())
                .withCalibration(CalibrationCheck.of(evaluation.predictions(), Map.of(model.version(), model.calibration()),
                        TARGET_ERROR))
                .write(dir.resolve("report"));
        markdown = Files.readString(dir.resolve("report").resolve(QualityReport.REPORT_MD));
    }

    @Test
    void everyFigureIsADecodablePngOfPlausibleSize() throws Exception {
        assertPng(QualityReport.CONFUSION_PNG, 500, 1000, 500, 1000);
        assertPng(QualityReport.GRID_PNG, 900, 1600, 1000, 1600);
        // One row of tiles (image and model input) per 8 mistakes: its height depends on the model.
        assertPng(QualityReport.MISTAKES_PNG, 1000, 1700, 150, 900);
        assertPng(QualityReport.COVERAGE_PNG, 600, 900, 350, 600);
    }

    /** The shipped default is a soup, without a history of its own; a trained model's report draws its epochs. */
    @Test
    void aModelWithAHistoryGetsTrainingCurves(@TempDir Path other) throws Exception {
        ModelMetadata m = model.metadata();
        List<ModelMetadata.EpochRecord> history = List.of(new ModelMetadata.EpochRecord(1, 0.3, 0.98, 0.981, 100, 2e-3, 0.07),
                new ModelMetadata.EpochRecord(2, 0.2, 0.99, 0.992, 100, 1.7e-3, 0.05),
                new ModelMetadata.EpochRecord(3, 0.15, 0.995, 0.995, 100, 1.4e-3, 0.04));
        ModelMetadata trained = new ModelMetadata(m.version(), m.createdAt(), m.architecture(), m.parameterCount(),
                m.parameters(), m.dataMd5(), m.trainImages(), history.size(), history, 0.995, 300, 500, 300.0, m.oneDnn(),
                m.reproduce(), m.modelSha256(), null, m.calibration(), null, List.of());
        new QualityReport("fixture", trained, evaluation.confusion(), ClassifiedDigit.join(images, evaluation.predictions()), 0,
                other.resolve("none.json"), ImagePipeline.withDefaults()).write(other);

        BufferedImage curves = ImageIO.read(other.resolve(QualityReport.CURVES_PNG).toFile());
        assertThat(curves).isNotNull();
        assertThat(curves.getWidth()).isBetween(800, 1600);
        assertThat(curves.getHeight()).isBetween(300, 800);
        assertThat(Files.readString(other.resolve(QualityReport.REPORT_MD))).contains("](" + QualityReport.CURVES_PNG + ")");
    }

    /** The review operating point in the report, against a count of the calibrated confidences over the threshold. */
    @Test
    void theCoverageAtTheReviewThresholdMatchesAnIndependentCount() {
        double threshold = model.calibration().thresholdFor(TARGET_ERROR).threshold();
        long accepted = 0;
        long acceptedWrong = 0;
        for (Prediction p : evaluation.predictions()) {
            float[] probabilities = new float[10];
            for (int c = 0; c < 10; c++) {
                probabilities[c] = p.getProbabilities().get(c);
            }
            if (model.calibration().confidence(probabilities, p.getDigit()) >= threshold) {
                accepted++;
                acceptedWrong += p.getDigit() == p.getLabel() ? 0 : 1;
            }
        }
        assertThat(accepted).as("most clean digits are accepted").isGreaterThan(450);
        assertThat(markdown).contains("## Calibration and the review threshold")
                .contains(String.format(Locale.ROOT, "the threshold is %.4f: it accepts %.2f%% of fixture, with an error of %.4f",
                        threshold, 100.0 * accepted / 500, (double) acceptedWrong / accepted))
                .contains("](" + QualityReport.COVERAGE_PNG + ")");
    }

    private static void assertPng(String name, int minWidth, int maxWidth, int minHeight, int maxHeight) throws Exception {
        BufferedImage image = ImageIO.read(dir.resolve("report").resolve(name).toFile());
        assertThat(image).as(name).isNotNull();
        assertThat(image.getWidth()).as(name + " width").isBetween(minWidth, maxWidth);
        assertThat(image.getHeight()).as(name + " height").isBetween(minHeight, maxHeight);
    }

    /** One traced row (label, 80 px of steps, caption) per mistake, the surest twelve at most. */
    @Test
    void theMistakesAreTracedOneRowEach() throws Exception {
        long mistakes = evaluation.predictions().stream().filter(p -> p.getDigit() != p.getLabel()).count();
        assertThat(mistakes).as("the fixture model makes mistakes to trace").isPositive();
        BufferedImage image = ImageIO.read(dir.resolve("report").resolve(QualityReport.MISTAKE_STAGES_PNG).toFile());
        long rows = Math.min(mistakes, MistakeStages.LIMIT);
        assertThat(image.getHeight()).isEqualTo(40 + rows * (72 + 8 + 30) + 8);
    }

    @Test
    void theReportLinksEveryFigure() {
        for (String figure : List.of(QualityReport.CONFUSION_PNG, QualityReport.GRID_PNG, QualityReport.MISTAKES_PNG,
                QualityReport.MISTAKE_STAGES_PNG)) {
            assertThat(markdown).contains("](" + figure + ")");
        }
        // training curves exactly when the metadata has a history (aModelWithAHistoryGetsTrainingCurves)
        assertThat(markdown.contains("](" + QualityReport.CURVES_PNG + ")")).isEqualTo(!model.metadata().history().isEmpty());
        assertThat(Files.exists(dir.resolve("report").resolve(QualityReport.CURVES_PNG)))
                .isEqualTo(!model.metadata().history().isEmpty());
    }

    @Test
    void kappaAndTheErrorRateIntervalMatchAnIndependentComputation() {
        List<Prediction> predictions = evaluation.predictions();
        int n = predictions.size();
        long[] truth = new long[10];
        long[] predicted = new long[10];
        long agree = 0;
        for (Prediction p : predictions) {
            truth[p.getLabel()]++;
            predicted[p.getDigit()]++;
            agree += p.getLabel() == p.getDigit() ? 1 : 0;
        }
        double observed = (double) agree / n;
        double chance = 0;
        for (int c = 0; c < 10; c++) {
            chance += (double) truth[c] * predicted[c] / ((double) n * n);
        }
        double kappa = (observed - chance) / (1 - chance);
        // Wilson score interval for the error rate e = 1 - observed; z is the standard normal's 97.5% quantile.
        double e = 1 - observed;
        double z = 1.959963984540054;
        double z2 = z * z;
        double centre = (e + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(e * (1 - e) / n + z2 / (4.0 * n * n));

        assertThat(n).isEqualTo(500);
        assertThat(markdown).contains(String.format(Locale.ROOT, "| Cohen's kappa | %.4f |", kappa));
        assertThat(markdown).contains(String.format(Locale.ROOT, "%.2f%%, %.2f%%–%.2f%%", 100 * e, 100 * (centre - half),
                100 * (centre + half)));
        assertThat(markdown).contains(String.format(Locale.ROOT, "%.2f%% (%d of 500)", 100 * observed, agree));
    }

    @Test
    void theComparisonPutsTheCnnTheForestsAndThePublishedFiguresSideBySide() {
        String forestAccuracy = String.format(Locale.ROOT, "| %.2f%% |", 100 * forest.full().confusion().metrics().accuracy());

        assertThat(markdown).contains("| this CNN (`" + model.version() + "`)");
        assertThat(markdown).contains("| random forest, " + forest.searched().description());
        assertThat(markdown).contains("| random forest, " + forest.full().description());
        assertThat(markdown).contains(forestAccuracy);
        assertThat(markdown).contains("98.62%", "0.9847", "92%", "99.05%", "~99.8%");
        assertThat(markdown).contains("chosen: **" + forest.searched().parameters() + "**");
    }

    @Test
    void theModelCardSummarizesTheMetadata() {
        assertThat(markdown).contains(model.metadata().architecture(), model.metadata().reproduce(),
                String.format(Locale.ROOT, "%,d", model.metadata().parameterCount()));
        assertThat(markdown).contains("| time to 99.4% test accuracy | ");
    }

    @Test
    void aSoupsCardNamesItsIngredientsInsteadOfATrainingRun(@TempDir Path other) throws Exception {
        ModelMetadata m = model.metadata();
        List<ModelMetadata.Ingredient> soupOf = List.of(new ModelMetadata.Ingredient("a-1", "aa", "bin/digits train --seed 42 --output a.zip"),
                new ModelMetadata.Ingredient("b-1", "bb", "bin/digits train --elastic 20 --output b.zip"));
        ModelMetadata soup = new ModelMetadata("soup-1", m.createdAt(), m.architecture(), m.parameterCount(), m.parameters(),
                m.dataMd5(), m.trainImages(), 0, List.of(), m.testAccuracy(), 1234, 0, null, m.oneDnn(),
                "bin/digits soup --models a.zip,b.zip --output soup.zip", m.modelSha256(), null, m.calibration(), null, soupOf);
        new QualityReport("fixture", soup, evaluation.confusion(), ClassifiedDigit.join(images, evaluation.predictions()), 0,
                other.resolve("none.json"), ImagePipeline.withDefaults()).write(other);

        String text = Files.readString(other.resolve(QualityReport.REPORT_MD));
        assertThat(text).contains("a model soup: the average of the weights of 2 models",
                "| ingredient | `a-1` (SHA-256 `aa`): `bin/digits train --seed 42 --output a.zip` |",
                "| ingredient | `b-1` (SHA-256 `bb`): `bin/digits train --elastic 20 --output b.zip` |",
                "`bin/digits soup --models a.zip,b.zip --output soup.zip`");
        assertThat(text).doesNotContain("| training | 0 epochs").doesNotContain("| started from |");
    }

    @Test
    void withoutBaselineResultsTheReportSaysWhichCommandMakesThem(@TempDir Path other) throws Exception {
        Path missing = other.resolve("no-such-baseline.json");
        new QualityReport("fixture", model.metadata(), evaluation.confusion(),
                ClassifiedDigit.join(images, evaluation.predictions()), 0, missing, ImagePipeline.withDefaults()).write(other);

        String text = Files.readString(other.resolve(QualityReport.REPORT_MD));
        assertThat(text).contains("No baseline results at `" + missing + "`", "`bin/digits baseline`");
        assertThat(text).doesNotContain("| random forest, ");
    }
}
