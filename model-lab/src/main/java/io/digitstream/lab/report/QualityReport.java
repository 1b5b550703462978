package io.digitstream.lab.report;

import io.digitstream.command.OutputException;
import io.digitstream.lab.baseline.ForestBaselineResult;
import io.digitstream.lab.evaluate.CalibrationCheck;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.image.ImagePipeline;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the evaluation report: {@code report.md} and the PNG figures it links, into one directory.
 * Every number comes from the evaluation's confusion matrix, the model's metadata and the forest
 * baseline's results file.
 */
public final class QualityReport {

    public static final String REPORT_MD = "report.md";
    public static final String CONFUSION_PNG = "confusion-matrix.png";
    public static final String GRID_PNG = "prediction-grid.png";
    public static final String MISTAKES_PNG = "worst-mistakes.png";
    public static final String MISTAKE_STAGES_PNG = "mistake-stages.png";
    public static final String CURVES_PNG = "training-curves.png";
    public static final String COVERAGE_PNG = "accuracy-coverage.png";

    private final String dataset;
    private final ModelMetadata model;
    private final ConfusionMatrix confusion;
    private final List<ClassifiedDigit> digits;
    private final long deadLetters;
    private final Path baselineFile;
    private final DigitPictures pictures;
    private final ImagePipeline pipeline;
    private CalibrationCheck calibration;

    /**
     * @param digits       the classified images, in dataset order
     * @param baselineFile forest results from {@code bin/digits baseline}; the report says how to make them if absent
     * @param pipeline     the pipeline the evaluation ran: the figures show each image's model input as it made it
     */
    public QualityReport(String dataset, ModelMetadata model, ConfusionMatrix confusion, List<ClassifiedDigit> digits,
            long deadLetters, Path baselineFile, ImagePipeline pipeline) {
        this.dataset = dataset;
        this.model = model;
        this.confusion = confusion;
        this.digits = digits;
        this.deadLetters = deadLetters;
        this.baselineFile = baselineFile;
        this.pictures = new DigitPictures(pipeline);
        this.pipeline = pipeline;
    }

    /** Adds the accuracy-versus-coverage curve and the review operating point; null (an uncalibrated model): none. */
    public QualityReport withCalibration(CalibrationCheck check) {
        this.calibration = check;
        return this;
    }

    /** Writes the report into {@code dir} (created if needed) and returns the files written, report.md first. */
    public List<Path> write(Path dir) throws IOException {
        OutputException.writing(dir, () -> Files.createDirectories(dir));
        ForestBaselineResult baseline = readBaseline();
        List<Path> written = new ArrayList<>();
        Path report = dir.resolve(REPORT_MD);
        String markdown = new ReportMarkdown(dataset, model, confusion, deadLetters, baselineFile, baseline).render()
                + coverageSection();
        OutputException.writing(report, () -> Files.writeString(report, markdown));
        written.add(report);
        written.add(png(new ConfusionHeatmap().render(confusion), dir.resolve(CONFUSION_PNG)));
        written.add(png(new PredictionGrid(pictures).render(digits), dir.resolve(GRID_PNG)));
        written.add(png(new MistakeGallery(pictures).render(digits), dir.resolve(MISTAKES_PNG)));
        BufferedImage traced = new MistakeStages(pipeline).render(digits);
        if (traced != null) {
            written.add(png(traced, dir.resolve(MISTAKE_STAGES_PNG)));
        } else {
            Files.deleteIfExists(dir.resolve(MISTAKE_STAGES_PNG)); // an earlier report's mistakes are not this one's
        }
        if (calibration != null) {
            written.add(png(new CoverageCurve().render(calibration, dataset), dir.resolve(COVERAGE_PNG)));
        } else {
            Files.deleteIfExists(dir.resolve(COVERAGE_PNG));
        }
        if (model.history() != null && !model.history().isEmpty()) {
            written.add(png(new TrainingCurves().render(model.history()), dir.resolve(CURVES_PNG)));
        } else {
            // A curves file left by an earlier report would show another model's training.
            Files.deleteIfExists(dir.resolve(CURVES_PNG));
        }
        return written;
    }

    /** The review loop's section: calibration and the operating point for the target error. */
    private String coverageSection() {
        if (calibration == null) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "%n## Calibration and the review threshold%n%n"
                + "Temperature scaling: T = %.3f, fitted on %s. Expected calibration error on %s: %.4f before, %.4f"
                + " after (%,d labeled predictions, %d equal-width bins). Predictions whose calibrated confidence is under"
                + " the review threshold go to review; the curve shows the accuracy of the accepted ones against the share"
                + " accepted. For a target error of %.4f (`digits.review.target.error`) the threshold is %s: it accepts"
                + " %.2f%% of %s, with an error of %.4f among them.%n%n![accuracy versus coverage](%s)%n",
                model.calibration().temperature(), model.calibration().fittedOn(), dataset, calibration.eceBefore(),
                calibration.eceAfter(), calibration.n(), io.digitstream.model.TemperatureScaling.ECE_BINS,
                calibration.targetError(), Double.isNaN(calibration.threshold()) ? "each model's own"
                        : String.format(java.util.Locale.ROOT, "%.4f", calibration.threshold()), 100 * calibration.coverage(), dataset,
                calibration.acceptedError(), COVERAGE_PNG);
    }

    private ForestBaselineResult readBaseline() throws IOException {
        if (baselineFile == null || !Files.isRegularFile(baselineFile)) {
            return null;
        }
        try {
            return ForestBaselineResult.read(baselineFile);
        } catch (IOException e) {
            throw new IOException("cannot read the forest baseline " + baselineFile + " (rerun `bin/digits baseline`): "
                    + e.getMessage(), e);
        }
    }

    private static Path png(BufferedImage image, Path file) throws IOException {
        Figures.writePng(image, file);
        return file;
    }
}
