package io.digitstream.classifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.baseline.ForestBaselineResult;
import io.digitstream.classifier.evaluate.Datasets;
import io.digitstream.classifier.evaluate.Evaluation;
import io.digitstream.classifier.image.ImageLimits;
import io.digitstream.classifier.image.ImagePipeline;
import io.digitstream.classifier.image.Preprocessing;
import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.report.ClassifiedDigit;
import io.digitstream.classifier.report.QualityReport;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.MetricsJson;
import io.digitstream.schemas.DigitImage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Classify a labeled dataset with a model through the stream's per-record code"
                + " (deserialize, decode, normalize, classify) and print its metrics.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "mnist-test", description = "Dataset: " + Datasets.NAMES + " (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--limit", description = "Evaluate only the first N images (0 = all).")
    int limit;

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

    @Override
    public Integer call() throws Exception {
        DigitModel loaded = modelOptions.load();
        List<DigitImage> images = Datasets.load(dataset, modelOptions.fetcher(), limit);
        Evaluation evaluation = new Evaluation(new RecordClassifier(new ImagePipeline(ImageLimits.DEFAULT,
                denoise ? Preprocessing.DENOISE : Preprocessing.NORMALIZE_ONLY), loaded, Clock.systemUTC()));
        long start = System.nanoTime();
        evaluation.addAll(images);
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> metrics = MetricsJson.of(dataset, evaluation.confusion());
        metrics.put("model", loaded.version());
        metrics.put("denoise", denoise);
        metrics.put("deadLetters", evaluation.rejected().size());
        metrics.put("unlabeled", evaluation.unlabeled());
        metrics.put("seconds", seconds);
        metrics.put("imagesPerSecond", images.size() / seconds);
        ClassificationMetrics m = evaluation.confusion().metrics();
        if (!json) {
            System.out.printf("%s: %,d images, accuracy %.4f, macro F1 %.4f, kappa %.4f, %,d dead letters (%.1f s, %,.0f img/s)%n",
                    dataset, m.n(), m.accuracy(), m.macroF1(), m.kappa(), evaluation.rejected().size(), seconds,
                    images.size() / seconds);
        }
        if (reportDir != null) {
            List<Path> written = new QualityReport(dataset, loaded.metadata(), evaluation.confusion(),
                    ClassifiedDigit.join(images, evaluation.predictions()), evaluation.rejected().size(), baseline).write(reportDir);
            System.err.println("report: " + written.get(0) + " (" + written.size() + " files)");
        }
        System.out.println(new ObjectMapper().writeValueAsString(metrics));
        return 0;
    }
}
