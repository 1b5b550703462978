package io.digitstream.tools.cli;

import io.digitstream.idx.LabeledImages;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import java.io.IOException;
import java.util.Locale;

/** The two MNIST sets {@code publish mnist} can send. */
enum MnistSplit {
    TEST,
    TRAIN;

    /** {@code mnist-test} or {@code mnist-train}: the id prefix, and the default source. */
    String prefix() {
        return "mnist-" + name().toLowerCase(Locale.ROOT);
    }

    LabeledImages load(MnistFetcher fetcher) throws IOException {
        return this == TEST ? MnistDataset.test(fetcher) : MnistDataset.train(fetcher);
    }
}
