package io.digitstream.lab.train;

import io.digitstream.command.OutputException;
import io.digitstream.model.Calibration;
import io.digitstream.model.DigitModel;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelMetadata.EpochRecord;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.NativeBackend;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.PrincipalAxis;
import io.digitstream.model.Scores;
import io.digitstream.model.TrainingParameters;
import io.digitstream.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Trains the CNN: seeded shuffling and augmentation, a held-out validation split for early stopping
 * (the best epoch by validation loss is kept), test accuracy per epoch for the training curves.
 */
public final class Trainer {

    private final TrainingParameters parameters;
    private final PrintStream out;
    /** The teacher of {@code parameters.distillation()}, or null. */
    private final InferenceEngine teacher;

    public Trainer(TrainingParameters parameters, PrintStream out) {
        this(parameters, out, null);
    }

    /** With {@code teacher}'s answers in the targets, as {@code parameters.distillation()} says. */
    public Trainer(TrainingParameters parameters, PrintStream out, InferenceEngine teacher) {
        if ((teacher == null) != (parameters.distillation() == null)) {
            throw new IllegalArgumentException("a teacher model goes with distillation parameters, and only with them");
        }
        this.parameters = parameters;
        this.out = out;
        this.teacher = teacher;
    }

    public DigitModel train(NormalizedDataset all, NormalizedDataset test, Map<String, String> dataMd5,
            String reproduce, Path output) throws IOException {
        return train(all, test, dataMd5, reproduce, output, null);
    }

    /**
     * @param initial a trained network to start from (fine-tuning: its weights, this run's learning-rate
     *     schedule), or null to start from a fresh one
     */
    public DigitModel train(NormalizedDataset all, NormalizedDataset test, Map<String, String> dataMd5,
            String reproduce, Path output, MultiLayerNetwork initial) throws IOException {
        return train(split(all), test, dataMd5, reproduce, output, initial);
    }

    /**
     * Which images are held out does not depend on the run's seed: runs with different seeds are judged on the same
     * images, and a soup of them ({@link ModelSoup}) still has images that none of its ingredients trained on. (It is
     * the default seed, so runs with the default seed hold out what they always did.)
     */
    static final long SPLIT_SEED = TrainingParameters.defaults().seed();

    /** Training images and the validation images held out of them for early stopping. */
    public record Split(NormalizedDataset train, NormalizedDataset validation) {
    }

    /**
     * Shuffles {@code all} (by {@link #SPLIT_SEED}) and holds out {@code validationImages}, at most a fifth of it, for validation;
     * the rest, up to {@code trainLimit}, is for training.
     */
    public Split split(NormalizedDataset all) {
        return split(all, parameters);
    }

    private static Split split(NormalizedDataset all, TrainingParameters parameters) {
        NormalizedDataset shuffled = shuffle(all, new SplittableRandom(SPLIT_SEED));
        int validationSize = validationSize(shuffled.size(), parameters);
        NormalizedDataset validation = shuffled.slice(shuffled.size() - validationSize, shuffled.size());
        int trainEnd = shuffled.size() - validationSize;
        if (parameters.trainLimit() > 0) {
            trainEnd = Math.min(trainEnd, parameters.trainLimit());
        }
        return new Split(shuffled.slice(0, trainEnd), validation);
    }

    /** Trains on {@code split.train()}, judging each epoch on {@code split.validation()}. */
    public DigitModel train(Split split, NormalizedDataset test, Map<String, String> dataMd5,
            String reproduce, Path output, MultiLayerNetwork initial) throws IOException {
        NativeBackend.init();
        NormalizedDataset train = split.train();
        NormalizedDataset validation = split.validation();

        MultiLayerNetwork network;
        if (initial == null) {
            network = new MultiLayerNetwork(NetworkArchitecture.configuration(parameters));
            network.init();
        } else {
            network = initial.clone();
            NetworkArchitecture.setDropout(network, parameters.dropout());
            network.setLearningRate(new ExponentialSchedule(ScheduleType.EPOCH, parameters.learningRate(),
                    parameters.learningRateDecay()));
            network.setEpochCount(0);
        }
        boolean oneDnn = NativeBackend.convolutionsUseOneDnn(network);
        out.printf("training on %,d images, validating on %,d, testing on %,d; %,d parameters; oneDNN %s%n",
                train.size(), validation.size(), test.size(), network.numParams(), oneDnn ? "on" : "OFF");

        List<EpochRecord> history = new ArrayList<>();
        INDArray bestParams = null;
        double bestValidationLoss = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        double trainingSeconds = 0;
        Double secondsTo994 = null;
        DigitAugmenter augmenter = DigitAugmenter.standard(parameters.elasticAlpha());
        SplittableRandom random = new SplittableRandom(parameters.seed() + 1);
        WeightAverage average = parameters.weightAveraging() > 0
                ? new WeightAverage(network.params(), parameters.weightAveraging()) : null;
        for (int epoch = 1; epoch <= parameters.epochs(); epoch++) {
            long start = System.nanoTime();
            double loss = fitEpoch(network, train, epoch, augmenter, random, average);
            double seconds = (System.nanoTime() - start) / 1e9;
            // fit(DataSet) never ends an epoch in DL4J's eyes; without this the EPOCH schedule stays at its start.
            double learningRate = currentLearningRate(network);
            network.incrementEpochCount();
            trainingSeconds += seconds;
            String lastStep = "";
            INDArray live = null;
            if (average != null) {
                // the averaged weights are the ones judged and kept; the live ones go on training
                lastStep = String.format(" (last step's weights: %.4f)", accuracy(network, test));
                live = network.params().dup();
                network.setParams(average.parameters());
            }
            Score onValidation = score(network, validation);
            double validationAccuracy = onValidation.accuracy();
            double testAccuracy = accuracy(network, test);
            history.add(new EpochRecord(epoch, loss, validationAccuracy, testAccuracy, seconds, learningRate,
                    onValidation.loss()));
            if (secondsTo994 == null && testAccuracy >= 0.994) {
                secondsTo994 = trainingSeconds;
            }
            out.printf("epoch %d/%d: loss %.4f, validation loss %.4f accuracy %.4f, test accuracy %.4f%s, %.0f s"
                    + " (%,.0f img/s)%n", epoch, parameters.epochs(), loss, onValidation.loss(), validationAccuracy,
                    testAccuracy, lastStep, seconds, train.size() / seconds);
            // Judged by validation loss, not accuracy: near 99.7% a 5,000-image split moves by single errors,
            // and an early lucky epoch would stop training before the later, better ones.
            boolean improved = onValidation.loss() < bestValidationLoss;
            if (improved) {
                bestValidationLoss = onValidation.loss();
                bestParams = network.params().dup();
            }
            if (live != null) {
                network.setParams(live);
            }
            if (improved) {
                sinceBest = 0;
            } else if (++sinceBest >= parameters.patience()) {
                out.printf("early stop: validation loss has not improved for %d epochs%n", sinceBest);
                break;
            }
        }
        network.setParams(bestParams);
        Calibration calibration = Calibration.NONE;
        if (validation.size() > 0) {
            calibration = HeldOutCalibration.fit(new DigitModel(network, null), validation,
                    HeldOutCalibration.describe(parameters, validation.size()));
            out.printf("calibration: temperature %.3f (validation negative log-likelihood %.4f -> %.4f)%n",
                    calibration.temperature(), calibration.nllBefore(), calibration.nllAfter());
        } else {
            out.println("calibration: none, without validation images (temperature 1)");
        }
        double testAccuracy = accuracy(network, test);
        double imagesPerSecond = history.stream().mapToDouble(h -> train.size() / h.seconds()).average().orElse(0);
        out.printf("best epoch by validation: test accuracy %.4f; %.0f s of training, %,.0f img/s%n",
                testAccuracy, trainingSeconds, imagesPerSecond);

        OutputException.writing(output, () -> {
            Files.createDirectories(output.toAbsolutePath().getParent());
            ModelSerializer.writeModel(network, output.toFile(), false);
        });
        ModelMetadata metadata = new ModelMetadata(
                versionPrefix(output) + "-" + Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 12),
                Instant.now().toString(), parameters.architecture().description(), network.numParams(), parameters, dataMd5,
                train.size(), history.size(), history, testAccuracy, trainingSeconds, imagesPerSecond, secondsTo994,
                oneDnn, reproduce, null, null, calibration, null);
        metadata = metadata.withSha256(DigitModel.sha256(output));
        metadata.write(output);
        return new DigitModel(network, metadata);
    }

    /**
     * The held-out split of the training data that {@link #train} validates on: the last {@code validationImages}
     * (at most a fifth) of {@code all} shuffled by {@link #SPLIT_SEED}, whatever the run's seed. The model never trains on
     * it, so it also fits the calibration ({@link HeldOutCalibration}).
     */
    public static NormalizedDataset validationSplit(NormalizedDataset all, TrainingParameters parameters) {
        return split(all, parameters).validation();
    }

    private static int validationSize(int images, TrainingParameters parameters) {
        return Math.min(parameters.validationImages(), images / 5);
    }

    private double fitEpoch(MultiLayerNetwork network, NormalizedDataset train, int epoch, DigitAugmenter augmenter,
            SplittableRandom random, WeightAverage average) {
        int[] order = permutation(train.size(), new SplittableRandom(parameters.seed() * 31 + epoch));
        // its own stream, so that the augmentation of a run without upright images is what it always was
        SplittableRandom uprightDraws = new SplittableRandom(parameters.seed() * 37 + epoch);
        int batch = parameters.batchSize();
        ProgressBar bar = new ProgressBar(out, String.format("epoch %d/%d", epoch, parameters.epochs()));
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < order.length; from += batch) {
            int size = Math.min(batch, order.length - from);
            float[] features = new float[size * DigitModel.INPUTS];
            float[] labels = new float[size * DigitModel.CLASSES];
            for (int i = 0; i < size; i++) {
                int index = order[from + i];
                if (parameters.augment()) {
                    augmenter.augment(train.inputs()[index], features, i * DigitModel.INPUTS, random);
                } else {
                    System.arraycopy(train.inputs()[index], 0, features, i * DigitModel.INPUTS, DigitModel.INPUTS);
                }
                if (parameters.axisShare() > 0 && uprightDraws.nextDouble() < parameters.axisShare()) {
                    turnUpright(features, i * DigitModel.INPUTS);
                }
                labels[i * DigitModel.CLASSES + train.labels()[index]] = 1f;
            }
            if (teacher != null) {
                distil(features, size, train.labels(), order, from, labels);
            }
            network.fit(new DataSet(Nd4j.create(features, new long[] {size, DigitModel.INPUTS}, 'c'),
                    Nd4j.create(labels, new long[] {size, DigitModel.CLASSES}, 'c')));
            if (average != null) {
                average.update(network.params());
            }
            lossSum += network.score();
            batches++;
            bar.progress(from + size, order.length, String.format("loss %.4f", lossSum / batches));
        }
        return lossSum / batches;
    }

    /** Turns the model input at {@code offset} of {@code features} upright along its principal axis, in place. */
    private static void turnUpright(float[] features, int offset) {
        float[] image = Arrays.copyOfRange(features, offset, offset + DigitModel.INPUTS);
        System.arraycopy(PrincipalAxis.upright(image), 0, features, offset, DigitModel.INPUTS);
    }

    /** Replaces the one-hot {@code labels} by the distillation targets of the teacher's answers on the same images. */
    private void distil(float[] features, int size, int[] trainLabels, int[] order, int from, float[] labels) {
        float[][] rows = new float[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = Arrays.copyOfRange(features, i * DigitModel.INPUTS, (i + 1) * DigitModel.INPUTS);
        }
        float[][] answers = teacher.classify(rows);
        for (int i = 0; i < size; i++) {
            parameters.distillation().target(trainLabels[order[from + i]], answers[i], labels, i * DigitModel.CLASSES);
        }
    }

    /** {@code models/mnist-rot.zip} makes versions {@code mnist-rot-<timestamp>}. */
    static String versionPrefix(Path output) {
        String name = output.getFileName().toString();
        return name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    }

    private static double currentLearningRate(MultiLayerNetwork network) {
        Double rate = network.getLearningRate(0);
        return rate == null ? Double.NaN : rate;
    }

    /** Accuracy and mean negative log-likelihood of the true labels. */
    record Score(double accuracy, double loss) {
    }

    static double accuracy(MultiLayerNetwork network, NormalizedDataset data) {
        return score(network, data).accuracy();
    }

    static Score score(MultiLayerNetwork network, NormalizedDataset data) {
        DigitModel model = new DigitModel(network, null);
        int correct = 0;
        double logLoss = 0;
        for (int from = 0; from < data.size(); from += 500) {
            int to = Math.min(data.size(), from + 500);
            float[][] probabilities = model.classify(Arrays.copyOfRange(data.inputs(), from, to));
            for (int i = 0; i < probabilities.length; i++) {
                int label = data.labels()[from + i];
                if (Scores.argmax(probabilities[i]) == label) {
                    correct++;
                }
                logLoss -= Math.log(Math.max(probabilities[i][label], 1e-7));
            }
        }
        return data.size() == 0 ? new Score(0, 0) : new Score((double) correct / data.size(), logLoss / data.size());
    }

    private static NormalizedDataset shuffle(NormalizedDataset data, SplittableRandom random) {
        int[] order = permutation(data.size(), random);
        float[][] inputs = new float[order.length][];
        int[] labels = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inputs[i] = data.inputs()[order[i]];
            labels[i] = data.labels()[order[i]];
        }
        return new NormalizedDataset(inputs, labels);
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
