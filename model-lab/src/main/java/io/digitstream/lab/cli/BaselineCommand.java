package io.digitstream.lab.cli;

import io.digitstream.lab.baseline.ForestBaseline;
import io.digitstream.lab.baseline.ForestBaselineResult;
import io.digitstream.lab.baseline.ForestSearchSpace;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Random-forest baseline on raw pixels: a randomized hyper-parameter search scored by k-fold"
                + " cross-validation on the first training rows (the seeds' setup), then the winner refit on the whole"
                + " training set; both scored on MNIST test. Writes the results (no model) for `evaluate --report`.")
public final class BaselineCommand implements Callable<Integer> {

    @Option(names = "--output", description = "Results JSON to write (default: " + ForestBaselineResult.DEFAULT_FILE + ").")
    Path output = ForestBaselineResult.defaultPath();

    @Option(names = "--data-dir", description = "MNIST cache directory (default: $DIGITS_DATA_DIR or ~/.cache/digit-stream/mnist).")
    Path dataDir;

    @Option(names = "--search", description = "Hyper-parameter candidates to draw (default: ${DEFAULT-VALUE}).")
    int candidates = 12;

    @Option(names = "--search-rows", description = "Training rows of the searched setup (default: ${DEFAULT-VALUE}).")
    int searchRows = 2000;

    @Option(names = "--folds", description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds = 3;

    @Option(names = "--train-limit", description = "Training rows of the full setup (0 = all 60,000).")
    int trainLimit;

    @Option(names = "--full-trees", description = "At most this many trees on the full training set (0 = as many as the search"
            + " chose; default: ${DEFAULT-VALUE}, about 8 minutes on two idle cores).")
    int fullTrees = 50;

    @Option(names = "--test-limit", description = "Score on at most this many test images (0 = all 10,000).")
    int testLimit;

    @Option(names = "--seed", description = "Seed of the search, the folds and the forests (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--threads", description = "Forests trained at once (default: available cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        MnistFetcher fetcher = dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir);
        String command = "bin/digits baseline --search " + candidates + " --search-rows " + searchRows + " --folds " + folds
                + (trainLimit > 0 ? " --train-limit " + trainLimit : "") + " --full-trees " + fullTrees
                + (testLimit > 0 ? " --test-limit " + testLimit : "")
                + " --seed " + seed;
        ForestBaseline.Settings settings = new ForestBaseline.Settings(searchRows, folds, trainLimit, fullTrees, testLimit, seed,
                threads);
        ForestBaselineResult result = new ForestBaseline(settings, System.out::println).run(MnistDataset.train(fetcher),
                MnistDataset.test(fetcher), ForestSearchSpace.sample(candidates, seed), command);
        result.write(output);
        for (ForestBaselineResult.Setup setup : new ForestBaselineResult.Setup[] {result.searched(), result.full()}) {
            ClassificationMetrics m = setup.confusion().metrics();
            System.out.printf("%s: accuracy %.4f, macro F1 %.4f, kappa %.4f, trained in %.1f s%n", setup.description(),
                    m.accuracy(), m.macroF1(), m.kappa(), setup.trainingSeconds());
        }
        System.out.println("wrote " + output);
        return 0;
    }
}
