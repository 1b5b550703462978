package io.digitstream.lab.baseline;

import io.digitstream.idx.LabeledImages;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.metrics.MetricsJson;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;

/**
 * The random-forest baseline on raw pixels, in the two setups the report compares with the CNN: the
 * seeds' small one (the first {@code searchRows} training images, randomized hyper-parameter search
 * scored by cross-validation) and the same winner refit on the whole training set. Both are scored on
 * the same test images.
 */
public final class ForestBaseline {

    /**
     * @param searchRows training rows of the searched setup (the seeds used 2,000)
     * @param folds      cross-validation folds
     * @param fullRows   training rows of the full setup; 0 for all
     * @param fullTrees  most trees of the full setup; 0 for as many as the search chose. A Tribuo tree on
     *                   60,000 rows takes about 20 CPU-seconds, so 100 trees would take over 15 minutes on two cores.
     * @param testRows   test images to score on; 0 for all
     */
    public record Settings(int searchRows, int folds, int fullRows, int fullTrees, int testRows, long seed, int threads) {
    }

    public static final String LIBRARY = "Tribuo " + Tribuo.VERSION
            + " (RandomForestTrainer: bagged CART trees, Gini impurity, majority vote)";

    private final Settings settings;
    private final Consumer<String> log;

    public ForestBaseline(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    /** @param candidates the hyper-parameter sets to search, e.g. drawn by {@link ForestSearchSpace#sample} */
    public ForestBaselineResult run(LabeledImages train, LabeledImages test, List<ForestParameters> candidates, String command)
            throws InterruptedException {
        int searchRows = Math.min(settings.searchRows(), train.count());
        int fullRows = rows(settings.fullRows(), train.count());
        List<Example<Label>> testSet = PixelExamples.of(test, 0, rows(settings.testRows(), test.count()));

        MutableDataset<Label> small = PixelExamples.dataset(PixelExamples.of(train, 0, searchRows), "mnist-train[0," + searchRows + ")");
        log.accept(String.format(Locale.ROOT, "search: %d candidates x %d-fold cross-validation on %,d rows", candidates.size(),
                settings.folds(), searchRows));
        long start = System.nanoTime();
        CrossValidatedSearch.Result search = new CrossValidatedSearch(settings.folds(), settings.seed(), settings.threads())
                .run(candidates, small);
        double searchSeconds = secondsSince(start);
        for (CrossValidatedSearch.ScoredCandidate c : search.candidates()) {
            log.accept(String.format(Locale.ROOT, "  %.4f  %s", c.meanAccuracy(), c.parameters()));
        }
        ForestParameters chosen = search.best().parameters();
        log.accept(String.format(Locale.ROOT, "chosen in %.0f s: %s", searchSeconds, chosen));

        ForestBaselineResult.Setup searched = fitAndScore(String.format(Locale.ROOT,
                "%,d training rows, randomized search (%d candidates, %d-fold CV)", searchRows, candidates.size(), settings.folds()),
                small, chosen, new ForestBaselineResult.Search(settings.folds(), searchSeconds, search.candidates()), testSet);
        MutableDataset<Label> all = PixelExamples.dataset(PixelExamples.of(train, 0, fullRows), "mnist-train[0," + fullRows + ")");
        boolean capped = settings.fullTrees() > 0 && settings.fullTrees() < chosen.trees();
        ForestBaselineResult.Setup full = fitAndScore(String.format(Locale.ROOT, "%,d training rows, the searched hyper-parameters%s",
                fullRows, capped ? " with " + settings.fullTrees() + " trees" : ""), all,
                capped ? chosen.withTrees(settings.fullTrees()) : chosen, null, testSet);
        return new ForestBaselineResult(LIBRARY, Instant.now().toString(), command, settings.seed(), searched, full);
    }

    private ForestBaselineResult.Setup fitAndScore(String description, MutableDataset<Label> data, ForestParameters parameters,
            ForestBaselineResult.Search search, List<Example<Label>> testSet) throws InterruptedException {
        log.accept(String.format(Locale.ROOT, "training on %,d rows: %s", data.size(), parameters));
        long start = System.nanoTime();
        Model<Label> forest = RandomForest.train(data, parameters, settings.seed(), settings.threads());
        double seconds = secondsSince(start);
        ConfusionMatrix confusion = RandomForest.evaluate(forest, testSet);
        log.accept(String.format(Locale.ROOT, "  %.1f s, test accuracy %.4f on %,d images", seconds, confusion.metrics().accuracy(),
                confusion.total()));
        return new ForestBaselineResult.Setup(description, data.size(), parameters, search, seconds,
                MetricsJson.of("mnist-test", confusion));
    }

    private static int rows(int limit, int available) {
        return limit > 0 ? Math.min(limit, available) : available;
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
