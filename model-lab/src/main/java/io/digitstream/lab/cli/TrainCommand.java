package io.digitstream.lab.cli;

import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.lab.snapshot.LabeledSnapshot;
import io.digitstream.lab.snapshot.PartitionOffsets;
import io.digitstream.lab.snapshot.SnapshotReader;
import io.digitstream.lab.evaluate.Datasets;
import io.digitstream.lab.evaluate.DriftReferences;
import io.digitstream.lab.train.MixedDataset;
import io.digitstream.lab.train.Trainer;
import io.digitstream.lab.train.TrainingMix;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.mnist.MnistFile;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Distillation;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelEnsemble;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.TrainingParameters;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Textures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the CNN on MNIST train (normalized by the stream's own pipeline) and write the model"
                + " with its metadata (<output>.json); with --from-kafka, fine-tune a model on the labeled images of"
                + " the images and labels topics.")
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

    @Option(names = "--seed", description = "Seed of initialization, shuffling, the mix's images and augmentation; the"
            + " held-out validation images are the same for every seed (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--dropout", paramLabel = "RATE", description = "Share of the dense layer's activations dropped in"
            + " training; with --init-from it replaces the started-from network's (default: ${DEFAULT-VALUE}).")
    double dropout = DEFAULTS.dropout();

    @Option(names = "--elastic", paramLabel = "ALPHA", description = "Add elastic distortion to the augmentation:"
            + " a smoothed random displacement field (sigma 4 px) scaled by ALPHA; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double elastic = DEFAULTS.elasticAlpha();

    @Option(names = "--axis-share", paramLabel = "SHARE", description = "For a model read at any angle: turn this share"
            + " of the training images upright along their principal axis after augmentation; the model is then also read"
            + " upright and upside down (default: ${DEFAULT-VALUE}).")
    double axisShare = DEFAULTS.axisShare();

    @Option(names = "--mix", paramLabel = "NAME:SHARE,...", description = "Training data: shares of clean MNIST and"
            + " synthetic variants (back-rand, back-image, rot, rot-back-image, notebook, form-field, back-noise,"
            + " back-photo, scan-page), e.g."
            + " clean:0.4,back-rand:0.15,back-image:0.15,notebook:0.3. Each image of MNIST train becomes one of them"
            + " (seeded); the per-epoch test set is MNIST test mixed the same way (default: clean:1).")
    String mix = TrainingParameters.CLEAN;

    @Option(names = {"--init-from", "--init"}, paramLabel = "MODEL", description = "Start from this trained model's weights"
            + " (fine-tuning) instead of a fresh network; its architecture is kept, unless --architecture names one of"
            + " the same layers read differently (TURN_POOLED from VGG).")
    Path initFrom;

    @Option(names = "--teacher", paramLabel = "MODEL", split = ",", description = "Distil this trained"
            + " model into the one being trained: each target is part label, part the teacher's answer on the same"
            + " augmented image (--distill, --distill-temperature). Several models teach as one: their readings"
            + " combined (geometric mean), an ensemble served at the cost of one network.")
    List<Path> teacher;

    @Option(names = "--distill", paramLabel = "WEIGHT", description = "With --teacher: the share of each target taken from"
            + " the teacher's probabilities, the rest from the label (default: ${DEFAULT-VALUE}).")
    double distillWeight = 0.5;

    @Option(names = "--distill-temperature", paramLabel = "T", description = "With --teacher: soften the teacher's"
            + " probabilities to p^(1/T), renormalized (default: ${DEFAULT-VALUE}).")
    double distillTemperature = 2;

    @Option(names = "--digits", paramLabel = "D,...", split = ",", description = "Train and test on the images of these"
            + " digits only (a specialist, or a quick probe of how well a network tells them apart).")
    Set<Integer> digits;

    @Mixin
    FromKafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (kafka.enabled) {
            return trainFromKafka();
        }
        MnistFetcher fetcher = dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir);
        var trainImages = MnistDataset.train(fetcher);
        var testImages = MnistDataset.test(fetcher);
        if (testLimit > 0) {
            testImages = testImages.head(testLimit);
        }
        if (digits != null) {
            trainImages = trainImages.withLabels(digits);
            testImages = testImages.withLabels(digits);
        }
        TrainingMix trainingMix = TrainingMix.parse(mix);
        DigitModel initial = initFrom == null ? null : DigitModel.load(initFrom);
        NetworkArchitecture initialArchitecture = initial == null ? null : initial.metadata().parameters().architecture();
        boolean reshaped = initial != null && spec.commandLine().getParseResult().hasMatchedOption("--architecture")
                && architecture != initialArchitecture;
        if (initial != null && !reshaped) {
            architecture = initialArchitecture;
        }
        Map<String, String> md5 = new LinkedHashMap<>();
        for (MnistFile file : MnistFile.values()) {
            md5.put(file.fileName(), file.md5());
        }
        List<DigitModel> teachers = new ArrayList<>();
        for (Path model : teacher == null ? List.<Path>of() : teacher) {
            teachers.add(DigitModel.load(model));
        }
        InferenceEngine teacherModel = teachers.isEmpty() ? null
                : teachers.size() == 1 ? teachers.get(0) : new ModelEnsemble(teachers);
        Distillation distillation = teacherModel == null ? null : new Distillation(teachers.stream()
                .map(t -> t.version() + " (sha256 " + t.metadata().modelSha256() + ")")
                .collect(Collectors.joining(" + ")), distillWeight, distillTemperature);
        TrainingParameters parameters = new TrainingParameters(seed, epochs, batch, learningRate, decay,
                DEFAULTS.l2(), dropout, validation, limit, augment, patience, architecture,
                trainingMix.describe(), initial == null ? null : initial.version() + " (sha256 " + initial.metadata().modelSha256() + ")",
                average, elastic, distillation, axisShare);
        String reproduce = "bin/digits train" + trainingOptions() + " --output " + output;
        Textures textures = trainingMix.needsTextures() ? Textures.fetch() : null;
        if (textures != null) {
            md5.put("textures", textures.describe());
        }
        System.out.printf("preparing %s through the stream's preprocessing...%n", trainingMix.describe());
        NormalizedDataset train = MixedDataset.build(trainImages, trainingMix, textures == null ? null : textures.trainingSet(), seed);
        NormalizedDataset test = MixedDataset.build(testImages, trainingMix, textures == null ? null : textures.testSet(),
                SyntheticDigits.DEFAULT_SEED);
        DigitModel model = new Trainer(parameters, System.out, teacherModel).train(train, test, md5, reproduce, output,
                initial == null ? null : reshaped ? withWeightsOf(initial.network(), parameters) : initial.network());
        DriftReferences.updateDefault(output, model, fetcher);
        System.out.printf("wrote %s (test accuracy %.4f) and %s%n", output, model.metadata().testAccuracy(),
                io.digitstream.model.ModelMetadata.pathFor(output));
        return 0;
    }

    /**
     * A network of {@code parameters}' architecture holding {@code trained}'s weights: for an architecture that
     * reads the same layers differently ({@link NetworkArchitecture#TURN_POOLED} from VGG).
     */
    private static MultiLayerNetwork withWeightsOf(MultiLayerNetwork trained, TrainingParameters parameters) {
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkArchitecture.configuration(parameters));
        network.init();
        if (network.numParams() != trained.numParams()) {
            throw new IllegalArgumentException("--init-from holds " + trained.numParams() + " weights; a "
                    + parameters.architecture() + " network has " + network.numParams()
                    + ": start it from a model of the same layers");
        }
        network.setParams(trained.params());
        return network;
    }

    /** The options that determine a training run, as {@code reproduce} gives them. */
    private String trainingOptions() {
        return " --epochs " + epochs + " --batch " + batch + " --seed " + seed
                + " --learning-rate " + learningRate + " --decay " + decay + " --validation " + validation
                + (limit > 0 ? " --limit " + limit : "") + (testLimit > 0 && kafka.enabled ? " --test-limit " + testLimit : "")
                + (augment ? "" : " --no-augment") + " --patience " + patience
                + " --architecture " + architecture + " --average " + average
                + (dropout != DEFAULTS.dropout() ? " --dropout " + dropout : "")
                + (elastic > 0 ? " --elastic " + elastic : "") + (axisShare > 0 ? " --axis-share " + axisShare : "") + (mix.equals(TrainingParameters.CLEAN) ? "" : " --mix " + mix)
                + (initFrom == null ? "" : " --init-from " + initFrom)
                + (digits == null ? "" : " --digits " + digits.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
                + (teacher == null || kafka.enabled ? "" : " --teacher " + teacher.stream().map(Path::toString)
                        .collect(Collectors.joining(",")) + " --distill " + distillWeight
                        + " --distill-temperature " + distillTemperature);
    }

    /**
     * Fine-tunes {@code --init-from} on a snapshot of the images and labels topics: a validation split of the
     * snapshot judges each epoch, MNIST train fills {@code --mnist-share} of the training set, MNIST test shows
     * what the network may have forgotten.
     */
    private Integer trainFromKafka() throws Exception {
        kafka.check();
        if (teacher != null) {
            throw new IllegalArgumentException("--teacher distils into a model trained on files; it does not go with --from-kafka");
        }
        Map<TopicPartition, Long> fromOffsets = PartitionOffsets.parse(kafka.from);
        Map<TopicPartition, Long> untilOffsets = PartitionOffsets.parse(kafka.until);
        Path init = initFrom != null ? initFrom : ModelLocator.defaultModelPath();
        DigitModel initial = DigitModel.load(init);
        initFrom = init;
        if (initial.metadata() != null) {
            architecture = initial.metadata().parameters().architecture();
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
            epochs = FromKafkaOptions.EPOCHS;
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--learning-rate")) {
            learningRate = FromKafkaOptions.LEARNING_RATE;
        }
        LayeredConfig config = kafka.config();
        ServiceConfig service = ServiceConfig.from(config, init);
        Topics topics = service.topics();
        String bootstrap = config.kafkaProperties().getProperty(FromKafkaOptions.BOOTSTRAP_SERVERS);
        SnapshotReader reader = new SnapshotReader(config.kafkaProperties(), topics, new ImagePipeline(service.limits()),
                service.budget(), initial, kafka.maxImages, Duration.ofSeconds(kafka.kafkaTimeoutSeconds));
        System.out.printf("reading %s and %s at %s (read_committed)...%n", topics.images(), topics.labels(), bootstrap);
        long start = System.nanoTime();
        LabeledSnapshot snapshot = reader.read(fromOffsets, untilOffsets);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("read %,d image records and %,d label events in %.1f s (%,.0f records/s): %,d labeled (%,d by a"
                + " label event, %,d of them corrected), %,d unlabeled, skipped %s; the starting model classifies %.4f"
                + " of them right%n", snapshot.imageRecords(),
                snapshot.labelEvents(), seconds, (snapshot.imageRecords() + snapshot.labelEvents()) / Math.max(seconds, 1e-9),
                snapshot.images().size(), snapshot.labeledByEvent(), snapshot.correctedByEvent(), snapshot.unlabeled(),
                snapshot.skipped().isEmpty() ? "nothing" : snapshot.skipped(), snapshot.startingModelAccuracy());
        if (snapshot.images().isEmpty()) {
            throw new IllegalArgumentException("no labeled images in " + topics.images() + " up to the given offsets ("
                    + snapshot.imageRecords() + " image records, " + snapshot.unlabeled() + " unlabeled, skipped "
                    + snapshot.skipped() + "): label some with label events on " + topics.labels());
        }

        MnistFetcher fetcher = dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir);
        var mnistTrain = MnistDataset.train(fetcher);
        var mnistTest = MnistDataset.test(fetcher);
        if (testLimit > 0) {
            mnistTest = mnistTest.head(testLimit);
        }
        TrainingMix trainingMix = TrainingMix.parse(mix);
        Map<String, String> md5 = new LinkedHashMap<>();
        for (MnistFile file : MnistFile.values()) {
            md5.put(file.fileName(), file.md5());
        }
        Textures textures = trainingMix.needsTextures() ? Textures.fetch() : null;
        if (textures != null) {
            md5.put("textures", textures.describe());
        }
        String snapshotMix = String.format(Locale.ROOT, "stream snapshot + %.3f MNIST (%s)", kafka.mnistShare,
                trainingMix.describe());
        TrainingParameters parameters = new TrainingParameters(seed, epochs, batch, learningRate, decay,
                DEFAULTS.l2(), dropout, validation, limit, augment, patience, architecture, snapshotMix,
                initial.version() + (initial.metadata() == null ? "" : " (sha256 " + initial.metadata().modelSha256() + ")"),
                average, elastic, null, axisShare);
        Trainer trainer = new Trainer(parameters, System.out);
        Trainer.Split split = trainer.split(snapshot.dataset());
        int mnistImages = (int) Math.min(mnistTrain.count(),
                Math.round(split.train().size() * kafka.mnistShare / (1 - kafka.mnistShare)));
        NormalizedDataset mnist = MixedDataset.build(mnistTrain.head(mnistImages), trainingMix,
                textures == null ? null : textures.trainingSet(), seed);
        NormalizedDataset test = MixedDataset.build(mnistTest, trainingMix, textures == null ? null : textures.testSet(),
                SyntheticDigits.DEFAULT_SEED);
        System.out.printf("snapshot: %,d images to train on, %,d to validate on; adding %,d MNIST images%n",
                split.train().size(), split.validation().size(), mnist.size());

        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        Map<TopicPartition, Long> until = new LinkedHashMap<>();
        snapshot.ranges().forEach(range -> {
            from.put(new TopicPartition(range.topic(), range.partition()), range.startOffset());
            until.put(new TopicPartition(range.topic(), range.partition()), range.endOffset());
        });
        String reproduce = "bin/digits train --from-kafka --bootstrap-server " + bootstrap
                + (kafka.configFile == null ? "" : " --config " + kafka.configFile)
                + " --from " + PartitionOffsets.format(from) + " --until " + PartitionOffsets.format(until)
                + " --max-images " + kafka.maxImages + " --mnist-share " + kafka.mnistShare + trainingOptions()
                + " --output " + output;
        DigitModel model = trainer.train(new Trainer.Split(split.train().plus(mnist), split.validation()), test, md5,
                reproduce, output, initial.network());
        ModelMetadata metadata = model.metadata().withStreamSnapshot(snapshot.describe(bootstrap, topics.images(),
                topics.labels(), split.train().size(), split.validation().size(), mnist.size()));
        // The drift reference, as for a model trained on files (on --test-limit images of MNIST test when given).
        metadata = metadata.withDriftReference(DriftReferences.compute(new DigitModel(model.network(), metadata),
                ServiceConfig.ENGINE.defaultValue(), DriftReferences.DEFAULT_DATASET,
                Datasets.load(DriftReferences.DEFAULT_DATASET, fetcher, testLimit)));
        metadata.write(output);
        System.out.printf("wrote %s (validation accuracy on the snapshot %.4f, MNIST test accuracy %.4f) and %s%n", output,
                metadata.history().isEmpty() ? Double.NaN : bestValidationAccuracy(metadata), metadata.testAccuracy(),
                ModelMetadata.pathFor(output));
        return 0;
    }

    /** The validation accuracy of the epoch that was kept: the one of lowest validation loss. */
    private static double bestValidationAccuracy(ModelMetadata metadata) {
        return metadata.history().stream()
                .min(java.util.Comparator.comparingDouble(e -> e.validationLoss() == null ? Double.MAX_VALUE : e.validationLoss()))
                .orElseThrow().validationAccuracy();
    }
}
