package io.digitstream.model;

import java.util.regex.Pattern;

/**
 * Everything that determines a training run, recorded in the model's metadata. {@code weightAveraging}
 * is the per-minibatch decay of the parameters' moving average that is evaluated and kept (0: the last
 * step's weights, as in models made before averaging existed); {@code elasticAlpha} scales the elastic
 * part of the augmentation (0: affine only); {@code distillation} is null unless a teacher model's answers were
 * part of the targets.
 */
public record TrainingParameters(
        long seed,
        int epochs,
        int batchSize,
        double learningRate,
        double learningRateDecay,
        double l2,
        double dropout,
        int validationImages,
        int trainLimit,
        boolean augment,
        int patience,
        NetworkArchitecture architecture,
        String mix,
        String initFrom,
        double weightAveraging,
        double elasticAlpha,
        Distillation distillation) {

    /** The training data when no mix is given: MNIST as it is. */
    public static final String CLEAN = "clean:1";

    public TrainingParameters {
        // metadata written before architectures (or mixes) were selectable describes the defaults
        architecture = architecture == null ? NetworkArchitecture.VGG : architecture;
        mix = mix == null ? CLEAN : mix;
    }

    /**
     * Whether every family of the mix is a rotated one (named as {@link ModelRoute#ROTATED_SOURCES} matches): a
     * model trained so reads a digit at any angle, and is served with {@link QuarterTurnReading}.
     */
    public boolean rotatedOnly() {
        Pattern rotated = ModelRoute.pattern(ModelRoute.ROTATED_SOURCES);
        boolean any = false;
        for (String entry : mix.split(",")) {
            String family = entry.split(":", 2)[0].strip();
            if (!family.isEmpty()) {
                if (!rotated.matcher(family).matches()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Without a teacher. */
    public TrainingParameters(long seed, int epochs, int batchSize, double learningRate, double learningRateDecay,
            double l2, double dropout, int validationImages, int trainLimit, boolean augment, int patience,
            NetworkArchitecture architecture, String mix, String initFrom, double weightAveraging, double elasticAlpha) {
        this(seed, epochs, batchSize, learningRate, learningRateDecay, l2, dropout, validationImages, trainLimit,
                augment, patience, architecture, mix, initFrom, weightAveraging, elasticAlpha, null);
    }

    /** Trained from scratch on clean MNIST, without weight averaging. */
    public TrainingParameters(long seed, int epochs, int batchSize, double learningRate, double learningRateDecay,
            double l2, double dropout, int validationImages, int trainLimit, boolean augment, int patience,
            NetworkArchitecture architecture) {
        this(seed, epochs, batchSize, learningRate, learningRateDecay, l2, dropout, validationImages, trainLimit,
                augment, patience, architecture, CLEAN, null, 0, 0, null);
    }

    public static TrainingParameters defaults() {
        return new TrainingParameters(42, 20, 128, 2e-3, 0.85, 1e-4, 0.4, 5000, 0, true, 6, NetworkArchitecture.VGG,
                CLEAN, null, 0.999, 0, null);
    }
}
