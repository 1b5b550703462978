package io.digitstream.lab.cli;

import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that classifies MNIST with a model: which model, where MNIST is cached. */
public final class ModelOptions {

    @Option(names = "--model", description = "Model file (default: the shipped model, models/mnist-cnn.zip).")
    Path model;

    @Option(names = "--data-dir", description = "MNIST cache directory (default: $DIGITS_DATA_DIR or ~/.cache/digit-stream/mnist).")
    Path dataDir;

    public Path model() {
        return model != null ? model : ModelLocator.defaultModelPath();
    }

    /** Whether {@code --model} was given: then that one model classifies everything, without routes. */
    public boolean explicit() {
        return model != null;
    }

    public DigitModel load() throws IOException {
        return DigitModel.load(model());
    }

    public MnistFetcher fetcher() {
        return dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir);
    }
}
