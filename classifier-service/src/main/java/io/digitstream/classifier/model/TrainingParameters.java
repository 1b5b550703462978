package io.digitstream.classifier.model;

/** Everything that determines a training run, recorded in the model's metadata. */
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
        NetworkArchitecture architecture) {

    public TrainingParameters {
        // metadata written before architectures were selectable describes the default one
        architecture = architecture == null ? NetworkArchitecture.VGG : architecture;
    }

    public static TrainingParameters defaults() {
        return new TrainingParameters(42, 12, 128, 2e-3, 0.8, 1e-4, 0.4, 5000, 0, true, 4, NetworkArchitecture.VGG);
    }
}
