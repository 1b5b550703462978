package io.digitstream.model;

import java.util.regex.Pattern;

/**
 * Everything that determines a training run, recorded in the model's metadata. {@code weightAveraging}
 * is the per-minibatch decay of the parameters' moving average that is evaluated and kept (0: the last
 * step's weights, as in models made before averaging existed); {@code elasticAlpha} scales the elastic
 * part of the augmentation (0: affine only); {@code distillation} is null unless a teacher model's answers were
 * part of the targets; {@code axisShare} is the share of training images turned upright along their principal axis
 * ({@link PrincipalAxis}) after augmentation, for models read at any angle (0: none, as in models made before it).
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
        Distillation distillation,
        double axisShare) {

    /** The training data when no mix is given: MNIST as it is. */
    public static final String CLEAN = "clean:1";

    public TrainingParameters {
        // metadata written before architectures (or mixes) were selectable describes the defaults
        architecture = architecture == null ? NetworkArchitecture.VGG : architecture;
        mix = mix == null ? CLEAN : mix;
        if (!(axisShare >= 0 && axisShare <= 1)) {
            throw new IllegalArgumentException("the axis share is a share of the images, 0 to 1, not " + axisShare);
        }
        if (axisShare > 0 && !rotatedOnly(mix)) {
            throw new IllegalArgumentException("an axis share is for a model read at any angle, trained on rotated"
                    + " families only, not on " + mix);
        }
    }

    /**
     * Whether every family of the mix is a rotated one (named as {@link ModelRoute#ROTATED_SOURCES} matches): a
     * model trained so reads a digit at any angle, and is served with {@link QuarterTurnReading}.
     */
    public boolean rotatedOnly() {
        return rotatedOnly(mix);
    }

    private static boolean rotatedOnly(String mix) {
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

    /** No image turned upright along its axis. */
    public TrainingParameters(long seed, int epochs, int batchSize, double learningRate, double learningRateDecay,
            double l2, double dropout, int validationImages, int trainLimit, boolean augment, int patience,
            NetworkArchitecture architecture, String mix, String initFrom, double weightAveraging, double elasticAlpha,
            Distillation distillation) {
        this(seed, epochs, batchSize, learningRate, learningRateDecay, l2, dropout, validationImages, trainLimit,
                augment, patience, architecture, mix, initFrom, weightAveraging, elasticAlpha, distillation, 0);
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
                CLEAN, null, 0.999, 0, null, 0);
    }
}
