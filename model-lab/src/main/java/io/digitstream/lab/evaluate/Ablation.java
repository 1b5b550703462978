package io.digitstream.lab.evaluate;

import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.DigitModel;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.Preprocessing;
import io.digitstream.schemas.DigitImage;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ablation of issue "noisy digits": for every dataset, the error of every model with and without the
 * denoise stage, through the same per-record code as the stream. Each dataset is generated once and shared
 * by all its runs.
 */
public final class Ablation {

    /** One run: a model on a dataset, with or without the denoise stage. */
    public record Run(String dataset, String model, boolean denoise, int images, double error, int deadLetters) {
    }

    /** The role of a model trained the papers' way on one dataset; it runs on that dataset only, with the stage. */
    public static final String PAPER = "paper";

    private final Map<String, DigitModel> models;
    private final Map<String, DigitModel> paperModels;
    private final PrintStream progress;

    /**
     * @param models by role (e.g. clean, robust, rotation), in the order the table shows them
     * @param paperModels by dataset: the paper-protocol model of that dataset, if any
     */
    public Ablation(Map<String, DigitModel> models, Map<String, DigitModel> paperModels, PrintStream progress) {
        this.models = new LinkedHashMap<>(models);
        this.paperModels = Map.copyOf(paperModels);
        this.progress = progress;
    }

    public List<Run> run(List<String> datasets, MnistFetcher fetcher, int limit) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (String dataset : datasets) {
            List<DigitImage> images = Datasets.load(dataset, fetcher, limit);
            for (Map.Entry<String, DigitModel> model : models.entrySet()) {
                runs.add(measure(dataset, images, model.getKey(), model.getValue(), false));
                runs.add(measure(dataset, images, model.getKey(), model.getValue(), true));
            }
            if (paperModels.containsKey(dataset)) {
                runs.add(measure(dataset, images, PAPER, paperModels.get(dataset), true));
            }
        }
        return runs;
    }

    private Run measure(String dataset, List<DigitImage> images, String role, DigitModel model, boolean denoise) {
        Evaluation evaluation = new Evaluation(new RecordClassifier(new ImagePipeline(ImageLimits.DEFAULT,
                denoise ? Preprocessing.DENOISE : Preprocessing.NORMALIZE_ONLY), model, Clock.systemUTC()));
        evaluation.addAll(images);
        // a dead-lettered image counts as an error: it got no prediction
        long n = evaluation.confusion().total() + evaluation.rejected().size();
        double error = n == 0 ? Double.NaN : 1 - (double) evaluation.confusion().correct() / n;
        Run run = new Run(dataset, role, denoise, (int) n, error, evaluation.rejected().size());
        progress.printf("%-15s %-9s %-13s error %6.2f%% (%,d images, %d dead letters)%n", dataset, role,
                denoise ? "with stage" : "without stage", 100 * error, n, run.deadLetters());
        return run;
    }
}
