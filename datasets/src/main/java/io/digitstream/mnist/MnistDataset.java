package io.digitstream.mnist;

import io.digitstream.idx.LabeledImages;
import java.io.IOException;

/** The MNIST training and test sets, fetched into the cache when needed. */
public final class MnistDataset {
    private MnistDataset() {}

    /** The 10,000 test images. */
    public static LabeledImages test(MnistFetcher fetcher) throws IOException {
        return load(fetcher, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
    }

    /** The 60,000 training images. */
    public static LabeledImages train(MnistFetcher fetcher) throws IOException {
        return load(fetcher, MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS);
    }

    private static LabeledImages load(MnistFetcher fetcher, MnistFile images, MnistFile labels) throws IOException {
        return LabeledImages.load(fetcher.ensure(images), fetcher.ensure(labels));
    }
}
