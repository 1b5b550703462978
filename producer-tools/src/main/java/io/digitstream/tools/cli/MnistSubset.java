package io.digitstream.tools.cli;

import io.digitstream.idx.LabeledImages;
import io.digitstream.mnist.MnistFetcher;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the producers that publish (from) an MNIST set: where it is cached, how much of it. */
final class MnistSubset {

    /** Reads one MNIST set, e.g. {@code MnistDataset::test}. */
    interface Loader {
        LabeledImages load(MnistFetcher fetcher) throws IOException;
    }

    @Option(names = "--limit", paramLabel = "N", description = "Publish only the first N images (default: all).")
    int limit;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "MNIST cache directory (default: $DIGITS_DATA_DIR, else ~/.cache/digit-stream/mnist).")
    Path dataDir;

    void checkLimit() {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative");
        }
    }

    /** The first {@code --limit} images of the set, fetched into the cache first when missing. */
    LabeledImages load(Loader set) throws IOException {
        checkLimit();
        LabeledImages images = set.load(dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir));
        return limit > 0 && limit < images.count() ? images.head(limit) : images;
    }
}
