package io.digitstream.lab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.lab.baseline.ForestBaselineResult;
import io.digitstream.classifier.review.ReviewConfig;
import io.digitstream.lab.evaluate.Ablation;
import io.digitstream.lab.evaluate.AblationTable;
import io.digitstream.lab.evaluate.CalibrationCheck;
import io.digitstream.lab.evaluate.Datasets;
import io.digitstream.lab.evaluate.DriftMeasurement;
import io.digitstream.lab.evaluate.DriftReferences;
import io.digitstream.dataset.StreamChange;
import io.digitstream.metrics.DriftReference;
import io.digitstream.model.ModelMetadata;
import io.digitstream.lab.evaluate.Evaluation;
import io.digitstream.lab.evaluate.Robustness;
import io.digitstream.command.OutputException;
import io.digitstream.lab.report.ClassifiedDigit;
import io.digitstream.lab.report.QualityReport;
import io.digitstream.lab.report.RobustnessReport;
import io.digitstream.lab.report.StageSamples;
import io.digitstream.lab.train.HeldOutCalibration;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.MetricsJson;
import io.digitstream.model.Calibration;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.ModelRoute;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.TemperatureScaling;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.Preprocessing;
import io.digitstream.schemas.DigitImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, resourceBundle = "io.digitstream.config.KeyHelp",
        description = "Classify a labeled dataset with a model through the stream's per-record code"
                + " (deserialize, decode, normalize, classify) and print its metrics.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "mnist-test", description = "Dataset: " + Datasets.NAMES + " (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--limit", description = "Evaluate only the first N images (0 = all).")
    int limit;

    /** The engine the stream runs by default unless named: evaluate measures what serve would predict. */
    @Option(names = "--engine", paramLabel = "NAME", descriptionKey = "digits.engine")
    String engine;

    /** Unset: as serve re-reads unsure images by default. */
    @Option(names = "--reread-below", paramLabel = "P", descriptionKey = "digits.engine.reread-below")
    String rereadBelow;

    @Option(names = "--denoise", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the denoise stage before normalization, as the stream does (default: ${DEFAULT-VALUE});"
                    + " --no-denoise measures without it.")
    boolean denoise;

    @Option(names = "--json", description = "Print the metrics as one JSON object on the last line.")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write report.md with its figures (confusion matrix,"
            + " prediction grid, worst mistakes, training curves) and the comparison with the forest baseline into DIR.")
    Path reportDir;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Forest baseline results for the report, made by"
            + " `bin/digits baseline` (default: " + ForestBaselineResult.DEFAULT_FILE + ").")
    Path baseline = ForestBaselineResult.defaultPath();

    @Option(names = "--ablation", description = "Instead of one dataset: the error on clean MNIST and every synthetic variant"
            + " of each model (--ablation-model), without and with the denoise stage, plus the paper-protocol models"
            + " (models/paper/<variant>.zip, trained on 12,000 generated images); with --report DIR also ablation.md there.")
    boolean ablation;

    @Option(names = "--ablation-model", paramLabel = "ROLE=MODEL", description = "A model of the ablation (repeatable; default:"
            + " clean=models/mnist-clean.zip, robust=models/mnist-cnn.zip, rotation=models/mnist-rot.zip, those that exist).")
    Map<String, Path> ablationModels;

    @Option(names = "--robustness", description = "Instead of one dataset: every model of --models on every dataset of"
            + " --datasets (dead letters count as errors), with each set's family (own generator or independent), Wilson"
            + " intervals and the per-class recall of the weakest sets; with --report DIR also robustness.md and robustness.json.")
    boolean robustness;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "The datasets of --robustness"
            + " (default: mnist-test and every synthetic variant).")
    List<String> datasets;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", description = "The model files of --robustness, each"
            + " on every dataset (default: --model, or the shipped model).")
    List<Path> models;

    @Option(names = "--calibrate", description = "Fit the model's temperature scaling on the validation split of its"
            + " training (rebuilt from its metadata: MNIST train, its mix and seed) and write it into the model's metadata"
            + " JSON (the model file is unchanged); then check it on --dataset, which the fit did not see.")
    boolean calibrate;

    @Option(names = "--target-error", paramLabel = "RATE", descriptionKey = "digits.review.target.error")
    Double targetError;
    @Option(names = "--drift-reference", description = "Instead of metrics: compute the model's drift reference (its"
            + " confidence histogram and predicted digits on --dataset, default mnist-test, held out from training) and"
            + " write it into the model's metadata JSON (the model file is unchanged). Run it for --model's file.")
    boolean driftReference;

    @Option(names = "--drift-windows", paramLabel = "N", description = "Instead of metrics: cut --dataset's predictions by"
            + " --model (no routing) into windows of N and print each window's drift scores against the model's reference"
            + " (PSI of confidence and of predicted digits), their mean and maximum.")
    int driftWindows;

    @Option(names = "--change", paramLabel = "CHANGE", defaultValue = "none", description = "With --drift-windows: change"
            + " the (GRAY8) images first, as a faulty scanner would: none, invert, rot90, rot180 (default: ${DEFAULT-VALUE}).")
    String change;

    @Spec
    CommandSpec spec;

    private String engine() {
        return engine != null ? engine : ServiceConfig.ENGINE.defaultValue();
    }

    /** The engine settings given here: only the re-reading, as the rest are serve's own defaults. */
    private Map<String, String> engineSettings() {
        return rereadBelow == null ? Map.of() : Map.of(Engines.REREAD_BELOW.name(), rereadBelow);
    }

    @Override
    public Integer call() throws Exception {
        if (!robustness && (datasets != null || models != null)) {
            throw new ParameterException(spec.commandLine(), "--datasets and --models belong to --robustness"
                    + " (one dataset: --dataset, one model: --model)");
        }
        if (calibrate && (ablation || robustness)) {
            throw new ParameterException(spec.commandLine(), "--calibrate fits one model (--model): not with --ablation or --robustness");
        }
        if (ablation) {
            return ablation();
        }
        if (driftReference) {
            return driftReference();
        }
        if (driftWindows > 0) {
            return driftWindows();
        }
        if (robustness) {
            return robustness();
        }
        DigitModel loaded = modelOptions.load();
        Map<String, Object> fitted = calibrate ? calibrate(loaded) : null;
        if (calibrate) {
            loaded = modelOptions.load();
        }
        List<DigitImage> images = Datasets.load(dataset, modelOptions.fetcher(), limit);
        // As the service routes by source: without --model, rotated sources (rot, rot-back-image) go to the rotation model.
        ModelRouter models = ModelRouter.load(modelOptions.model(), loaded,
                modelOptions.explicit() ? List.of() : ModelRoute.shippedDefaults(modelOptions.model()), engine(), engineSettings());
        ImagePipeline pipeline = pipeline();
        Evaluation evaluation = new Evaluation(new RecordClassifier(pipeline, models, Clock.systemUTC()));
        long start = System.nanoTime();
        evaluation.addAll(images);
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> metrics = MetricsJson.of(dataset, evaluation.confusion());
        metrics.put("model", models.engineFor(images.isEmpty() ? dataset : images.get(0).getSource()).version());
        metrics.put("models", models.describe());
        metrics.put("engine", Engines.resolve(engine()));
        metrics.put("denoise", denoise);
        metrics.put("deadLetters", evaluation.rejected().size());
        // A user counts a dead-lettered image of a labeled set as an error: n and accuracy include them, the
        // confusion matrix and the macro figures are over the classified images.
        ClassificationMetrics classified = evaluation.confusion().metrics();
        long deadLabeled = java.util.Arrays.stream(evaluation.rejectedByLabel()).sum();
        long n = classified.n() + deadLabeled;
        double accuracy = n == 0 ? 0 : Math.round(classified.accuracy() * classified.n()) / (double) n;
        metrics.put("n", n);
        metrics.put("accuracy", accuracy);
        double[] interval = ClassificationMetrics.wilsonInterval95(1 - accuracy, n);
        metrics.put("errorRate95", List.of(interval[0], interval[1]));
        metrics.put("classified", classified.n());
        metrics.put("classifiedAccuracy", classified.accuracy());
        metrics.put("unlabeled", evaluation.unlabeled());
        metrics.put("seconds", seconds);
        metrics.put("imagesPerSecond", images.size() / seconds);
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        models.engines().forEach(engine -> calibrations.putIfAbsent(engine.version(), engine.calibration()));
        CalibrationCheck check = CalibrationCheck.of(evaluation.predictions(), calibrations, targetError());
        if (fitted != null) {
            metrics.put("calibrationFit", fitted);
        }
        if (check != null) {
            metrics.put("calibration", calibrationJson(check));
            if (!json) {
                System.out.printf("calibrated: expected calibration error %.4f -> %.4f; review threshold %.4f for a target"
                        + " error of %.4f accepts %.2f%% of %s, with an error of %.4f%n", check.eceBefore(), check.eceAfter(),
                        check.threshold(), check.targetError(), 100 * check.coverage(), dataset, check.acceptedError());
            }
        }
        if (!json) {
            System.out.printf("%s: %,d images, accuracy %.4f (dead letters count as errors), macro F1 %.4f, kappa %.4f, %,d dead letters (%.1f s, %,.0f img/s)%n",
                    dataset, n, accuracy, classified.macroF1(), classified.kappa(), evaluation.rejected().size(), seconds,
                    images.size() / seconds);
        }
        if (reportDir != null) {
            OutputException.writing(reportDir, () -> Files.createDirectories(reportDir));
            StageSamples.write(modelOptions.fetcher(), 2, reportDir.resolve(StageSamples.FILE),
                    StageSamples.DATASETS.contains(dataset) ? List.of() : images);
            List<Path> written = new QualityReport(dataset, loaded.metadata(), evaluation.confusion(),
                    ClassifiedDigit.join(images, evaluation.predictions()), evaluation.rejected().size(), baseline, pipeline)
                    .withCalibration(check).write(reportDir);
            System.err.println("report: " + written.get(0) + " (" + written.size() + " files)");
        }
        System.out.println(new ObjectMapper().writeValueAsString(metrics));
        return 0;
    }

    private double targetError() {
        return targetError != null ? ReviewConfig.TARGET_ERROR.check(targetError) : ReviewConfig.TARGET_ERROR.defaultValue();
    }

    /** Fits and writes the calibration of {@code model} ({@code --calibrate}); what it found, for the JSON. */
    private Map<String, Object> calibrate(DigitModel model) throws Exception {
        long start = System.nanoTime();
        NormalizedDataset heldOut = HeldOutCalibration.validationSplit(model, modelOptions.fetcher());
        float[][] probabilities = HeldOutCalibration.probabilities(model, heldOut);
        Calibration calibration = TemperatureScaling.fit(probabilities, heldOut.labels(),
                HeldOutCalibration.describe(model.metadata().parameters(), heldOut.size()));
        model.metadata().withCalibration(calibration).write(modelOptions.model());
        Calibration.CoveragePoint point = calibration.thresholdFor(targetError());
        Map<String, Object> fitted = new LinkedHashMap<>();
        fitted.put("model", model.version());
        fitted.put("heldOutImages", heldOut.size());
        fitted.put("temperature", calibration.temperature());
        fitted.put("nllBefore", calibration.nllBefore());
        fitted.put("nllAfter", calibration.nllAfter());
        fitted.put("heldOutEceBefore", TemperatureScaling.expectedCalibrationError(probabilities, heldOut.labels(), 1));
        fitted.put("heldOutEceAfter", TemperatureScaling.expectedCalibrationError(probabilities, heldOut.labels(),
                calibration.temperature()));
        fitted.put("targetError", targetError());
        fitted.put("threshold", point.threshold());
        fitted.put("heldOutCoverage", point.coverage());
        fitted.put("seconds", (System.nanoTime() - start) / 1e9);
        System.err.printf("calibrated %s on %,d held-out images: temperature %.4f (negative log-likelihood %.4f -> %.4f);"
                + " review threshold %.4f for a target error of %.4f (%.2f%% accepted there); wrote %s%n", model.version(),
                heldOut.size(), calibration.temperature(), calibration.nllBefore(), calibration.nllAfter(), point.threshold(),
                targetError(), 100 * point.coverage(), ModelMetadata.pathFor(modelOptions.model()));
        return fitted;
    }

    private static Map<String, Object> calibrationJson(CalibrationCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", check.n());
        json.put("eceBefore", check.eceBefore());
        json.put("eceAfter", check.eceAfter());
        json.put("targetError", check.targetError());
        json.put("threshold", check.threshold());
        json.put("coverage", check.coverage());
        json.put("acceptedError", check.acceptedError());
        return json;
    }

    private int driftReference() throws Exception {
        if (!denoise || reportDir != null || json) {
            throw new ParameterException(spec.commandLine(), "--drift-reference runs the stream's own path and writes the"
                    + " metadata: without --no-denoise, --report or --json");
        }
        DigitModel model = modelOptions.load();
        long start = System.nanoTime();
        DriftReference reference = DriftReferences.update(modelOptions.model(), model, engine(), dataset,
                Datasets.load(dataset, modelOptions.fetcher(), limit));
        System.out.printf("%s: drift reference from %,d %s images (engine %s, %.1f s): confidence bins %s %s, digits %s%n",
                ModelMetadata.pathFor(modelOptions.model()), reference.classes().stream().mapToLong(Long::longValue).sum(),
                dataset, reference.engine(), (System.nanoTime() - start) / 1e9, reference.confidenceEdges(),
                reference.confidence(), reference.classes());
        return 0;
    }

    private int driftWindows() throws Exception {
        DigitModel model = modelOptions.load();
        DriftReference reference = model.metadata().driftReference();
        if (reference == null || !reference.comparable()) {
            throw new ParameterException(spec.commandLine(), "model " + modelOptions.model() + " has no drift reference"
                    + " in its metadata: run bin/digits evaluate --drift-reference --model " + modelOptions.model());
        }
        StreamChange streamChange = StreamChange.parse(change);
        List<DigitImage> images = Datasets.load(dataset, modelOptions.fetcher(), limit).stream().map(streamChange::apply).toList();
        Evaluation evaluation = new Evaluation(new RecordClassifier(pipeline(),
                ModelRouter.single(Engines.open(engine(), model, engineSettings())), Clock.systemUTC()));
        evaluation.addAll(images);
        List<DriftReference.DriftScores> scores = DriftMeasurement.windows(reference, evaluation.predictions(), driftWindows);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model.version());
        result.put("dataset", dataset);
        result.put("change", streamChange.name().toLowerCase(java.util.Locale.ROOT));
        result.put("window", driftWindows);
        result.put("windows", scores.size());
        result.put("accuracy", evaluation.confusion().metrics().accuracy());
        result.put("confidencePsiMean", scores.stream().mapToDouble(DriftReference.DriftScores::confidence).average().orElse(Double.NaN));
        result.put("confidencePsiMax", scores.stream().mapToDouble(DriftReference.DriftScores::confidence).max().orElse(Double.NaN));
        result.put("classPsiMean", scores.stream().mapToDouble(DriftReference.DriftScores::classes).average().orElse(Double.NaN));
        result.put("classPsiMax", scores.stream().mapToDouble(DriftReference.DriftScores::classes).max().orElse(Double.NaN));
        result.put("maxPsiMin", scores.stream().mapToDouble(DriftReference.DriftScores::max).min().orElse(Double.NaN));
        System.out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    private ImagePipeline pipeline() {
        return new ImagePipeline(ImageLimits.DEFAULT, denoise ? Preprocessing.DENOISE : Preprocessing.NORMALIZE_ONLY);
    }

    private int robustness() throws Exception {
        List<String> names = datasets != null ? datasets : StageSamples.DATASETS;
        List<Path> files = models != null ? models : List.of(modelOptions.model());
        Map<String, DigitModel> loaded = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.zip$", "");
            if (loaded.put(name, DigitModel.load(file)) != null) {
                throw new IllegalArgumentException("--models names two files called " + name);
            }
        }
        List<Robustness.Cell> cells = new Robustness(loaded, engine(), engineSettings(), pipeline(), System.err).run(names, modelOptions.fetcher(), limit);
        RobustnessReport report = new RobustnessReport(cells, "bin/digits evaluate --robustness --datasets "
                + String.join(",", names) + " --models " + String.join(",", files.stream().map(Path::toString).toList())
                + (limit > 0 ? " --limit " + limit : "") + (denoise ? "" : " --no-denoise")
                + (engine != null ? " --engine " + engine : "") + (rereadBelow != null ? " --reread-below " + rereadBelow : "")
                + (reportDir != null ? " --report " + reportDir : ""));
        if (!json) {
            System.out.print(report.table());
        }
        if (reportDir != null) {
            List<Path> written = report.write(reportDir);
            System.err.println("robustness: " + written.get(0) + ", " + written.get(1));
        }
        System.out.println(new ObjectMapper().writeValueAsString(report.json()));
        return 0;
    }

    private int ablation() throws Exception {
        Path models = ModelLocator.defaultModelPath().toAbsolutePath().getParent();
        Map<String, Path> roles = ablationModels != null ? new LinkedHashMap<>(ablationModels) : new LinkedHashMap<>(Map.of());
        if (roles.isEmpty()) {
            for (String[] role : new String[][] {{"clean", "mnist-clean.zip"}, {"robust", "mnist-cnn.zip"}, {"rotation", "mnist-rot.zip"}}) {
                if (Files.isRegularFile(models.resolve(role[1]))) {
                    roles.put(role[0], models.resolve(role[1]));
                }
            }
        }
        Map<String, DigitModel> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Path> role : roles.entrySet()) {
            loaded.put(role.getKey(), DigitModel.load(role.getValue()));
        }
        Map<String, DigitModel> paper = new LinkedHashMap<>();
        for (String dataset : StageSamples.DATASETS) {
            Path model = models.resolve("paper").resolve(dataset + ".zip");
            if (Files.isRegularFile(model)) {
                paper.put(dataset, DigitModel.load(model));
            }
        }
        List<Ablation.Run> runs = new Ablation(loaded, paper, System.err).run(StageSamples.DATASETS, modelOptions.fetcher(), limit);
        String table = AblationTable.markdown(runs);
        System.out.print(table);
        if (reportDir != null) {
            Files.createDirectories(reportDir);
            StringBuilder md = new StringBuilder("# Ablation: models x denoise stage\n\n");
            md.append("Error (1 - accuracy; dead letters count as errors) on ").append(limit > 0 ? limit + " images of " : "")
                    .append("each dataset, generated from MNIST test with seed ").append(io.digitstream.synthetic.SyntheticDigits.DEFAULT_SEED)
                    .append(". Models: ");
            loaded.forEach((role, model) -> md.append(role).append(" = `").append(model.version()).append("`; "));
            md.append("\n\n").append(table).append("\nReproduce: `bin/digits evaluate --ablation")
                    .append(limit > 0 ? " --limit " + limit : "").append(" --report ").append(reportDir).append("`\n");
            Files.writeString(reportDir.resolve("ablation.md"), md.toString());
            System.err.println("ablation: " + reportDir.resolve("ablation.md"));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ablation", runs);
        System.out.println(new ObjectMapper().writeValueAsString(json));
        return 0;
    }
}
