package io.digitstream.lab.evaluate;

import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.TrainingParameters;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every model on every evaluation set, each image through the stream's per-record code; a dead-lettered image
 * counts as an error (it got no prediction) and as a miss of its digit. Each dataset is loaded once for all models.
 */
public final class Robustness {

    /**
     * One model on one dataset.
     *
     * @param trainedOn the model's training mix from its metadata (e.g. {@code clean:0.4,back-rand:0.15}), or null
     */
    public record Cell(String dataset, DatasetFamily family, String model, String modelVersion, String trainedOn, long n,
            long errors, long deadLetters, long[] support, long[] correct) {

        static Cell of(String dataset, String model, DigitModel digitModel, Evaluation evaluation) {
            ConfusionMatrix confusion = evaluation.confusion();
            long[] dead = evaluation.rejectedByLabel();
            long[] support = new long[ConfusionMatrix.CLASSES];
            long[] correct = new long[ConfusionMatrix.CLASSES];
            for (int c = 0; c < ConfusionMatrix.CLASSES; c++) {
                support[c] = confusion.rowSum(c) + dead[c];
                correct[c] = confusion.count(c, c);
            }
            long deadLetters = evaluation.rejected().size();
            long n = confusion.total() + deadLetters;
            TrainingParameters parameters = digitModel.metadata().parameters();
            return new Cell(dataset, DatasetFamily.of(dataset), model, digitModel.version(),
                    parameters == null ? null : parameters.mix(), n, n - confusion.correct(), deadLetters, support, correct);
        }

        public double errorRate() {
            return n == 0 ? Double.NaN : (double) errors / n;
        }

        /** Wilson score 95% interval of {@link #errorRate()}. */
        public double[] errorRate95() {
            return ClassificationMetrics.wilsonInterval95(n == 0 ? 0 : (double) errors / n, n);
        }

        /** Per digit: correct / (images of that digit, dead-lettered ones included); NaN for a digit absent from the set. */
        public double[] recall() {
            double[] recall = new double[support.length];
            for (int c = 0; c < support.length; c++) {
                recall[c] = support[c] == 0 ? Double.NaN : (double) correct[c] / support[c];
            }
            return recall;
        }
    }

    private final Map<String, DigitModel> models;
    private final String engine;
    private final Map<String, String> engineSettings;
    private final ImagePipeline pipeline;
    private final PrintStream progress;

    /**
     * @param models by the name the table shows, in column order
     * @param engine the inference engine each model runs on ({@link Engines#open})
     * @param engineSettings its {@code digits.engine.*} settings
     */
    public Robustness(Map<String, DigitModel> models, String engine, Map<String, String> engineSettings,
                      ImagePipeline pipeline, PrintStream progress) {
        this.models = new LinkedHashMap<>(models);
        this.engine = engine;
        this.engineSettings = Map.copyOf(engineSettings);
        this.pipeline = pipeline;
        this.progress = progress;
    }

    /** @throws IllegalArgumentException before anything is classified, for a dataset without a family */
    public List<Cell> run(List<String> datasets, MnistFetcher fetcher, int limit) throws IOException {
        datasets.forEach(DatasetFamily::of);
        Map<String, InferenceEngine> engines = new LinkedHashMap<>();
        for (Map.Entry<String, DigitModel> model : models.entrySet()) {
            engines.put(model.getKey(), Engines.open(engine, model.getValue(), engineSettings));
        }
        List<Cell> cells = new ArrayList<>();
        for (String dataset : datasets) {
            List<DigitImage> images = Datasets.load(dataset, fetcher, limit);
            for (Map.Entry<String, DigitModel> model : models.entrySet()) {
                Evaluation evaluation = new Evaluation(new RecordClassifier(pipeline, engines.get(model.getKey()), Clock.systemUTC()));
                evaluation.addAll(images);
                Cell cell = Cell.of(dataset, model.getKey(), model.getValue(), evaluation);
                cells.add(cell);
                progress.printf("%-20s %-16s error %6.2f%% (%,d images, %,d dead letters)%n", dataset, model.getKey(),
                        100 * cell.errorRate(), cell.n(), cell.deadLetters());
            }
        }
        return cells;
    }
}
