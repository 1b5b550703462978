package io.digitstream.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.lab.baseline.CrossValidatedSearch.ScoredCandidate;
import io.digitstream.lab.baseline.ForestBaselineResult;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.model.ModelMetadata.EpochRecord;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.TrainingParameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The text of {@code report.md}: headline metrics, figures, per-class table, model card, comparisons. */
final class ReportMarkdown {

    private final String dataset;
    private final ModelMetadata model;
    private final ConfusionMatrix confusion;
    private final long deadLetters;
    private final Path baselineFile;
    private final ForestBaselineResult baseline;
    private final StringBuilder md = new StringBuilder();

    /** @param baseline the forest results read from {@code baselineFile}, or null when that file does not exist */
    ReportMarkdown(String dataset, ModelMetadata model, ConfusionMatrix confusion, long deadLetters, Path baselineFile,
            ForestBaselineResult baseline) {
        this.dataset = dataset;
        this.model = model;
        this.confusion = confusion;
        this.deadLetters = deadLetters;
        this.baselineFile = baselineFile;
        this.baseline = baseline;
    }

    String render() {
        md.setLength(0);
        headline();
        figures();
        perClass();
        modelCard();
        comparison();
        forestBaseline();
        return md.toString();
    }

    private void headline() {
        ClassificationMetrics m = confusion.metrics();
        line("# Model quality report");
        line("");
        line(String.format(Locale.ROOT, "Model `%s` on `%s`: %s labeled images classified through the stream's own per-record code"
                + " (serialize, deserialize, decode, denoise, normalize, classify); %s dead letters. Regenerate with"
                + " `bin/digits evaluate --dataset %s --report DIR`.", model.version(), dataset, Numbers.count(m.n()),
                Numbers.count(deadLetters), dataset));
        line("");
        line("| metric | value |");
        line("|---|---|");
        line("| accuracy | " + Numbers.percent(m.accuracy()) + " (" + Numbers.count(confusion.correct()) + " of "
                + Numbers.count(m.n()) + ") |");
        line("| error rate, 95% CI (Wilson score) | " + Numbers.percent(1 - m.accuracy()) + ", "
                + Numbers.interval(m.errorRateInterval95()) + " |");
        line("| macro precision / recall / F1 | " + Numbers.fixed4(m.macroPrecision()) + " / " + Numbers.fixed4(m.macroRecall())
                + " / " + Numbers.fixed4(m.macroF1()) + " |");
        line("| Cohen's kappa | " + Numbers.fixed4(m.kappa()) + " |");
        line("");
    }

    private void figures() {
        line("## Figures");
        line("");
        line("Rows of the confusion matrix are true digits, columns predictions; the diagonal is shaded by recall, the errors"
                + " by their count.");
        line("");
        line("![Confusion matrix](" + QualityReport.CONFUSION_PNG + ")");
        line("");
        line("The first images of the dataset, each as submitted (decoded as the stream decodes it: any size, colour as"
                + " gray) beside the 28x28 model input the network saw, with the predicted digit; framed green when right"
                + " and red when wrong:");
        line("");
        line("![Prediction grid](" + QualityReport.GRID_PNG + ")");
        line("");
        line("The wrong predictions the model was most confident of, again as submitted beside the model input:");
        line("");
        line("![Worst mistakes](" + QualityReport.MISTAKES_PNG + ")");
        line("");
        if (confusion.correct() < confusion.total()) {
            line("The surest of them traced through the preprocessing, step by step: a digit lost by the stage (a shadow"
                    + " kept as ink, a stroke cleared as a ruling) shows before the model input, a misread one only in it:");
            line("");
            line("![Mistakes step by step](" + QualityReport.MISTAKE_STAGES_PNG + ")");
            line("");
        }
        if (history().isEmpty()) {
            line("The model's metadata records no per-epoch history, so there are no training curves.");
        } else {
            line("Per-epoch training loss and validation/test accuracy, from the model's metadata:");
            line("");
            line("![Training curves](" + QualityReport.CURVES_PNG + ")");
        }
        line("");
        line("Before and after the stream's preprocessing, for samples of clean MNIST, of every synthetic variant and of"
                + " the evaluated dataset when it is none of those:"
                + " each column is one step of the denoise and normalize stage, the last one the model input. 28x28 digits"
                + " on a cluttered background keep their geometry (only the smoothing runs). The ablation of models and stage"
                + " is in [ablation.md](ablation.md) when `evaluate --ablation --report` has written it; every evaluation set"
                + " (own generator or independent) x every model in [robustness.md](robustness.md) when"
                + " `evaluate --robustness --report` has.");
        line("");
        line("![Preprocessing steps](" + StageSamples.FILE + ")");
        line("");
    }

    private void perClass() {
        ClassificationMetrics m = confusion.metrics();
        line("## Per-class metrics");
        line("");
        line("| digit | precision | recall | F1 | support |");
        line("|--:|--:|--:|--:|--:|");
        for (int c = 0; c < ConfusionMatrix.CLASSES; c++) {
            line("| " + c + " | " + Numbers.fixed4(m.precision()[c]) + " | " + Numbers.fixed4(m.recall()[c]) + " | "
                    + Numbers.fixed4(m.f1()[c]) + " | " + Numbers.count(confusion.rowSum(c)) + " |");
        }
        line("| **macro** | " + Numbers.fixed4(m.macroPrecision()) + " | " + Numbers.fixed4(m.macroRecall()) + " | "
                + Numbers.fixed4(m.macroF1()) + " | " + Numbers.count(m.n()) + " |");
        line("");
    }

    private void modelCard() {
        line("## The model");
        line("");
        line("| | |");
        line("|---|---|");
        row("version", "`" + model.version() + "` (created " + model.createdAt() + ")");
        row("architecture", model.architecture());
        row("parameters", Numbers.count(model.parameterCount()));
        row("hyper-parameters", hyperParameters());
        if (!model.soupOf().isEmpty()) {
            row("training", "a model soup: the average of the weights of " + model.soupOf().size() + " models (below),"
                    + " " + Numbers.seconds(model.trainingSeconds()) + " of their training in all; the hyper-parameters"
                    + " are the first one's, whose held-out split the soup is calibrated on");
            model.soupOf().forEach(i -> row("ingredient", "`" + i.version() + "` (SHA-256 `" + i.modelSha256() + "`): `"
                    + i.reproduce() + "`"));
        } else {
            row("training", String.format(Locale.ROOT, "%d epoch%s on %s images in %s, %s images/s, oneDNN %s",
                    model.epochsRun(), model.epochsRun() == 1 ? "" : "s",
                    Numbers.count(model.trainImages()), Numbers.seconds(model.trainingSeconds()),
                    Numbers.count(Math.round(model.trainImagesPerSecond())), model.oneDnn() ? "on" : "off"));
        }
        if (model.soupOf().isEmpty() && model.parameters() != null && model.parameters().initFrom() != null) {
            row("started from", "`" + model.parameters().initFrom() + "`: a fine-tune, so the training time, the time to"
                    + " 99.4% and the curves are this run's alone; the starting model's are in its own metadata");
        }
        boolean mixed = model.parameters() != null && !TrainingParameters.CLEAN.equals(model.parameters().mix());
        // a mixed run measures each epoch on MNIST test mixed the same way, which is not this report's dataset
        String perEpochTest = mixed ? " (on MNIST test mixed like the training set: " + model.parameters().mix() + ")" : "";
        row("time to 99.4% test accuracy", timeTo994() + perEpochTest);
        row("test accuracy recorded at training", Numbers.percent(model.testAccuracy()) + perEpochTest);
        row("reproduce", "`" + model.reproduce() + "`");
        row("model file SHA-256", "`" + model.modelSha256() + "`");
        line("");
    }

    private String hyperParameters() {
        if (model.parameters() == null) {
            return "—";
        }
        Map<?, ?> fields = new ObjectMapper().convertValue(model.parameters(), Map.class);
        return fields.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private String timeTo994() {
        if (model.secondsTo994() == null) {
            return "not reached";
        }
        return Numbers.seconds(model.secondsTo994()) + history().stream()
                .filter(e -> e.testAccuracy() >= TrainingCurves.TARGET)
                .findFirst()
                .map(e -> ", in epoch " + e.epoch())
                .orElse("");
    }

    private void comparison() {
        line("## Compared with the baselines and published figures");
        line("");
        ComparisonTable table = new ComparisonTable().measured("this CNN (`" + model.version() + "`)", model.trainImages(), confusion,
                Numbers.seconds(model.trainingSeconds()), "measured, this report");
        if (baseline != null) {
            table.forest(baseline.searched(), "random forest, " + baseline.searched().description())
                    .forest(baseline.full(), "random forest, " + baseline.full().description());
        }
        md.append(table.markdown());
        line("");
        line("Measured rows are scored on the same test images with the same metric code; the error-rate interval is the"
                + " Wilson score 95% interval. Published rows are quoted as reported.");
        line("");
    }

    private void forestBaseline() {
        line("## Random-forest baseline");
        line("");
        if (baseline == null) {
            line("No baseline results at `" + baselineFile + "`. Produce them with `bin/digits baseline` (writes "
                    + "`" + ForestBaselineResult.DEFAULT_FILE + "`, a few minutes on two cores) and rerun this report, or pass"
                    + " another results file with `--baseline FILE`.");
            line("");
            return;
        }
        line(String.format(Locale.ROOT, "Raw pixels (ink scaled to [0, 1]), %s, seed %d, produced by `%s` on %s.", baseline.library(),
                baseline.seed(), baseline.command(), baseline.createdAt()));
        ForestBaselineResult.Search search = baseline.searched().search();
        if (search != null) {
            line("");
            line(String.format(Locale.ROOT, "Randomized search on %s rows, each candidate scored by %d-fold cross-validation"
                    + " accuracy, in %s; chosen: **%s**, then refit on those rows and on the full training set.",
                    Numbers.count(baseline.searched().trainRows()), search.folds(), Numbers.seconds(search.seconds()),
                    baseline.searched().parameters()));
            line("");
            line("| candidate | mean CV accuracy | per fold |");
            line("|---|--:|---|");
            for (ScoredCandidate c : search.candidates()) {
                String name = c.parameters().equals(baseline.searched().parameters()) ? "**" + c.parameters() + "**"
                        : c.parameters().toString();
                line("| " + name + " | " + Numbers.fixed4(c.meanAccuracy()) + " | " + c.foldAccuracies().stream()
                        .map(Numbers::fixed4).collect(Collectors.joining(", ")) + " |");
            }
        }
        line("");
    }

    private List<EpochRecord> history() {
        return model.history() == null ? List.of() : model.history();
    }

    private void row(String name, String value) {
        line("| " + name + " | " + Numbers.cell(value) + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
