package io.digitstream.lab.cli;

import io.digitstream.lab.train.MixedDataset;
import io.digitstream.lab.train.Trainer;
import io.digitstream.lab.train.TrainingMix;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.mnist.MnistFile;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.TrainingParameters;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Textures;
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

    @Option(names = "--patience", description = "Stop after this many epochs without a lower validation loss (default: ${DEFAULT-VALUE}).")
    int patience = DEFAULTS.patience();

    @Option(names = "--average", paramLabel = "DECAY", description = "Keep a moving average of the weights with this"
            + " per-minibatch decay and judge and save it instead of the last step's weights; 0 turns it off"
            + " (default: ${DEFAULT-VALUE}).")
    double average = DEFAULTS.weightAveraging();

    @Option(names = "--elastic", paramLabel = "ALPHA", description = "Add elastic distortion to the augmentation:"
            + " a smoothed random displacement field (sigma 4 px) scaled by ALPHA; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double elastic = DEFAULTS.elasticAlpha();

    @Option(names = "--mix", paramLabel = "NAME:SHARE,...", description = "Training data: shares of clean MNIST and"
            + " synthetic variants (back-rand, back-image, rot, rot-back-image, notebook, form-field, back-noise,"
            + " back-photo, scan-page), e.g."
            + " clean:0.4,back-rand:0.15,back-image:0.15,notebook:0.3. Each image of MNIST train becomes one of them"
            + " (seeded); the per-epoch test set is MNIST test mixed the same way (default: clean:1).")
    String mix = TrainingParameters.CLEAN;

    @Option(names = "--init-from", paramLabel = "MODEL", description = "Start from this trained model's weights"
            + " (fine-tuning) instead of a fresh network; its architecture is kept.")
    Path initFrom;

    @Override
    public Integer call() throws Exception {
        MnistFetcher fetcher = dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir);
        var trainImages = MnistDataset.train(fetcher);
        var testImages = MnistDataset.test(fetcher);
        if (testLimit > 0) {
            testImages = testImages.head(testLimit);
        }
        TrainingMix trainingMix = TrainingMix.parse(mix);
        DigitModel initial = initFrom == null ? null : DigitModel.load(initFrom);
        if (initial != null) {
            architecture = initial.metadata().parameters().architecture();
        }
        Map<String, String> md5 = new LinkedHashMap<>();
        for (MnistFile file : MnistFile.values()) {
            md5.put(file.fileName(), file.md5());
        }
        TrainingParameters parameters = new TrainingParameters(seed, epochs, batch, learningRate, decay,
                DEFAULTS.l2(), DEFAULTS.dropout(), validation, limit, augment, patience, architecture,
                trainingMix.describe(), initial == null ? null : initial.version() + " (sha256 " + initial.metadata().modelSha256() + ")",
                average, elastic);
        String reproduce = "bin/digits train --epochs " + epochs + " --batch " + batch + " --seed " + seed
                + " --learning-rate " + learningRate + " --decay " + decay + " --validation " + validation
                + (limit > 0 ? " --limit " + limit : "") + (augment ? "" : " --no-augment") + " --patience " + patience
                + " --architecture " + architecture + " --average " + average
                + (elastic > 0 ? " --elastic " + elastic : "") + (mix.equals(TrainingParameters.CLEAN) ? "" : " --mix " + mix)
                + (initFrom == null ? "" : " --init-from " + initFrom) + " --output " + output;
        Textures textures = trainingMix.needsTextures() ? Textures.fetch() : null;
        if (textures != null) {
            md5.put("textures", textures.describe());
        }
        System.out.printf("preparing %s through the stream's preprocessing...%n", trainingMix.describe());
        NormalizedDataset train = MixedDataset.build(trainImages, trainingMix, textures == null ? null : textures.trainingSet(), seed);
        NormalizedDataset test = MixedDataset.build(testImages, trainingMix, textures == null ? null : textures.testSet(),
                SyntheticDigits.DEFAULT_SEED);
        DigitModel model = new Trainer(parameters, System.out).train(train, test, md5, reproduce, output,
                initial == null ? null : initial.network());
        System.out.printf("wrote %s (test accuracy %.4f) and %s%n", output, model.metadata().testAccuracy(),
                io.digitstream.model.ModelMetadata.pathFor(output));
        return 0;
    }
}
