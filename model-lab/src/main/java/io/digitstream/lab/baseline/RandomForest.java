package io.digitstream.lab.baseline;

import io.digitstream.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;

/** Trains Tribuo random forests (Gini CART trees, majority vote) and scores them with our metrics. */
public final class RandomForest {

    /** Tribuo logs every tree it builds at INFO; held here so the setting is not garbage-collected. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private RandomForest() {
    }

    /**
     * Trains one forest single-threaded. Tribuo bags trees sequentially, so callers parallelize across
     * forests (see {@link #train(Dataset, ForestParameters, long, int)}).
     */
    public static EnsembleModel<Label> train(Dataset<Label> data, ForestParameters p, long seed) {
        // Tribuo refuses a forest whose trees may see every feature (that is plain bagging).
        float featureFraction = Math.min(0.999f, (float) p.featuresPerSplit() / data.getFeatureMap().size());
        CARTClassificationTrainer tree = new CARTClassificationTrainer(p.maxDepth() == 0 ? Integer.MAX_VALUE : p.maxDepth(),
                p.minNodeSize(), 0f, featureFraction, false, new GiniIndex(), seed);
        return new RandomForestTrainer<>(tree, new VotingCombiner(), p.trees(), seed).train(data);
    }

    /**
     * Trains the trees in {@code threads} independently seeded parts at once and pools them into one
     * forest: the same estimator as a sequential forest, deterministic whatever the scheduling.
     */
    public static Model<Label> train(Dataset<Label> data, ForestParameters p, long seed, int threads)
            throws InterruptedException {
        int parts = Math.max(1, Math.min(threads, p.trees()));
        ExecutorService pool = Executors.newFixedThreadPool(parts);
        try {
            List<Future<EnsembleModel<Label>>> futures = new ArrayList<>();
            for (int part = 0; part < parts; part++) {
                int trees = p.trees() / parts + (part < p.trees() % parts ? 1 : 0);
                ForestParameters share = new ForestParameters(trees, p.featuresPerSplit(), p.maxDepth(), p.minNodeSize());
                long partSeed = seed + 7919L * part;
                futures.add(pool.submit(() -> train(data, share, partSeed)));
            }
            List<Model<Label>> trees = new ArrayList<>(p.trees());
            for (Future<EnsembleModel<Label>> future : futures) {
                trees.addAll(future.get().getModels());
            }
            return WeightedEnsembleModel.createEnsembleFromExistingModels("random-forest", trees, new VotingCombiner());
        } catch (ExecutionException e) {
            throw new IllegalStateException("training a random forest failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public static ConfusionMatrix evaluate(Model<Label> model, Iterable<Example<Label>> examples) {
        ConfusionMatrix confusion = new ConfusionMatrix();
        for (Example<Label> example : examples) {
            Prediction<Label> prediction = model.predict(example);
            confusion.add(PixelExamples.digit(example.getOutput()), PixelExamples.digit(prediction.getOutput()));
        }
        return confusion;
    }
}
