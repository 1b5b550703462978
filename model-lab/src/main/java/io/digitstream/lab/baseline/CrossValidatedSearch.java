package io.digitstream.lab.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tribuo.Dataset;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.KFoldSplitter;

/**
 * Scores candidate forests by k-fold cross-validation accuracy and picks the best. Every (candidate,
 * fold) pair is an independent single-threaded forest, so they run side by side on all cores.
 */
public final class CrossValidatedSearch {

    /** One candidate's accuracy on each held-out fold, and their mean. */
    public record ScoredCandidate(ForestParameters parameters, List<Double> foldAccuracies, double meanAccuracy) {
    }

    /** All candidates in the order given, and the best (the first of equals, so ties keep the draw order). */
    public record Result(List<ScoredCandidate> candidates, ScoredCandidate best) {
    }

    private final int folds;
    private final long seed;
    private final int threads;

    public CrossValidatedSearch(int folds, long seed, int threads) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, not " + folds);
        }
        this.folds = folds;
        this.seed = seed;
        this.threads = threads;
    }

    public Result run(List<ForestParameters> candidates, Dataset<Label> data) throws InterruptedException {
        List<KFoldSplitter.TrainTestFold<Label>> splits = new ArrayList<>();
        new KFoldSplitter<Label>(folds, seed).split(data, true).forEachRemaining(splits::add);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<List<Future<Double>>> pending = new ArrayList<>();
            for (ForestParameters candidate : candidates) {
                List<Future<Double>> perFold = new ArrayList<>();
                for (KFoldSplitter.TrainTestFold<Label> fold : splits) {
                    perFold.add(pool.submit(() -> RandomForest.evaluate(RandomForest.train(fold.train, candidate, seed), fold.test)
                            .metrics().accuracy()));
                }
                pending.add(perFold);
            }
            List<ScoredCandidate> scored = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                List<Double> accuracies = new ArrayList<>();
                for (Future<Double> future : pending.get(c)) {
                    accuracies.add(future.get());
                }
                double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                scored.add(new ScoredCandidate(candidates.get(c), accuracies, mean));
            }
            ScoredCandidate best = scored.get(0);
            for (ScoredCandidate candidate : scored) {
                if (candidate.meanAccuracy() > best.meanAccuracy()) {
                    best = candidate;
                }
            }
            return new Result(scored, best);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cross-validating a random forest failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
