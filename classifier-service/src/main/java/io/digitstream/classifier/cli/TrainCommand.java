package io.digitstream.classifier.cli;

import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.model.NetworkArchitecture;
import io.digitstream.classifier.model.TrainingParameters;
import io.digitstream.classifier.train.NormalizedDataset;
import io.digitstream.classifier.train.Trainer;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.mnist.MnistFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the CNN on MNIST train (normalized by the stream's own pipeline) and write the model"
                + " with its metadata (<output>.json).")
public final class TrainCommand implements Callable<Integer> {

    private static final TrainingParameters DEFAULTS = TrainingParameters.defaults();

    @Option(names = "--output", description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path output = ModelLocator.defaultModelPath();

    @Option(names = "--data-dir", description = "MNIST cache directory (default: $DIGITS_DATA_DIR or ~/.cache/digit-stream/mnist).")
    Path dataDir;

    @Option(names = "--epochs", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--batch", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch = DEFAULTS.batchSize();

    @Option(names = "--seed", description = "Seed of initialization, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Option(names = "--learning-rate", description = "Initial Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--decay", description = "Learning rate multiplier per epoch (default: ${DEFAULT-VALUE}).")
    double decay = DEFAULTS.learningRateDecay();

    @Option(names = "--validation", description = "Training images held out for validation and early stopping (default: ${DEFAULT-VALUE}).")
    int validation = DEFAULTS.validationImages();

    @Option(names = "--limit", description = "Train on at most this many images (0 = all; small values make quick smoke runs).")
    int limit = DEFAULTS.trainLimit();

    @Option(names = "--test-limit", description = "Evaluate on at most this many test images (0 = all 10,000).")
    int testLimit;

    @Option(names = "--no-augment", negatable = true, description = "Disable random affine augmentation.")
    boolean augment = DEFAULTS.augment();

    @Option(names = "--architecture", description = "Network: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    NetworkArchitecture architecture = DEFAULTS.architecture();

    @Option(names = "--patience", description = "Stop after this many epochs without a better validation accuracy (default: ${DEFAULT-VALUE}).")
    int patience = DEFAULTS.patience();

    @Override
    public Integer call() throws Exception {
        MnistFetcher fetcher = dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir);
        var trainImages = MnistDataset.train(fetcher);
        var testImages = MnistDataset.test(fetcher);
        if (testLimit > 0) {
            testImages = testImages.head(testLimit);
        }
        Map<String, String> md5 = new LinkedHashMap<>();
        for (MnistFile file : MnistFile.values()) {
            md5.put(file.fileName(), file.md5());
        }
        TrainingParameters parameters = new TrainingParameters(seed, epochs, batch, learningRate, decay,
                DEFAULTS.l2(), DEFAULTS.dropout(), validation, limit, augment, patience, architecture);
        String reproduce = "bin/digits train --epochs " + epochs + " --batch " + batch + " --seed " + seed
                + " --learning-rate " + learningRate + " --decay " + decay + " --validation " + validation
                + (limit > 0 ? " --limit " + limit : "") + (augment ? "" : " --no-augment") + " --patience " + patience
                + " --architecture " + architecture + " --output " + output;
        DigitModel model = new Trainer(parameters, System.out).train(NormalizedDataset.of(trainImages),
                NormalizedDataset.of(testImages), md5, reproduce, output);
        System.out.printf("wrote %s (test accuracy %.4f) and %s%n", output, model.metadata().testAccuracy(),
                io.digitstream.classifier.model.ModelMetadata.pathFor(output));
        return 0;
    }
}
