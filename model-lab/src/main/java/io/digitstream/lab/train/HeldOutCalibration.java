package io.digitstream.lab.train;

import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.Calibration;
import io.digitstream.model.DigitModel;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.TemperatureScaling;
import io.digitstream.model.TrainingParameters;
import io.digitstream.synthetic.Textures;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fits a model's {@link Calibration} on images it did not train on: the validation split of its own training run
 * ({@link Trainer#validationSplit}), rebuilt from the parameters in its metadata (MNIST train, the same mix and
 * seed), so the result is the same whenever it is run again.
 */
public final class HeldOutCalibration {

    private static final int BATCH = 500;

    private HeldOutCalibration() {
    }

    public static Calibration fit(InferenceEngine model, NormalizedDataset heldOut, String fittedOn) {
        return TemperatureScaling.fit(probabilities(model, heldOut), heldOut.labels(), fittedOn);
    }

    /** The validation split {@code model} was trained beside, as {@code bin/digits train} made it. */
    public static NormalizedDataset validationSplit(DigitModel model, MnistFetcher fetcher) throws IOException {
        TrainingMix mix = TrainingMix.parse(model.metadata().parameters().mix());
        return validationSplit(model, fetcher, mix.needsTextures() ? Textures.fetch() : null);
    }

    /** The same, with the photographs its mix needs already at hand ({@code null} when it needs none). */
    public static NormalizedDataset validationSplit(DigitModel model, MnistFetcher fetcher, Textures textures)
            throws IOException {
        TrainingParameters parameters = model.metadata().parameters();
        TrainingMix mix = TrainingMix.parse(parameters.mix());
        NormalizedDataset all = MixedDataset.build(MnistDataset.train(fetcher), mix,
                textures == null ? null : textures.trainingSet(), parameters.seed());
        return Trainer.validationSplit(all, parameters);
    }

    /** Describes {@link #validationSplit} for the metadata. */
    public static String describe(TrainingParameters parameters, int images) {
        return String.format("%,d images of the validation split of training (MNIST train, %s, seed %d)", images,
                parameters.mix(), parameters.seed());
    }

    public static float[][] probabilities(InferenceEngine model, NormalizedDataset data) {
        float[][] probabilities = new float[data.size()][];
        for (int from = 0; from < data.size(); from += BATCH) {
            int to = Math.min(data.size(), from + BATCH);
            float[][] batch = model.classify(Arrays.copyOfRange(data.inputs(), from, to));
            System.arraycopy(batch, 0, probabilities, from, batch.length);
        }
        return probabilities;
    }
}
