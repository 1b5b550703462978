package io.digitstream.testing;

import io.digitstream.idx.LabeledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** The first 500 MNIST test images, committed under {@code mnist-fixture/}; shared with other modules' tests. */
public final class MnistFixture {
    private MnistFixture() {}

    public static LabeledImages test500() {
        try {
            return LabeledImages.load(
                    resource("t10k-images-500-idx3-ubyte"), resource("t10k-labels-500-idx1-ubyte"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL resource(String name) {
        URL url = MnistFixture.class.getResource("/mnist-fixture/" + name);
        if (url == null) {
            throw new IllegalStateException("mnist-fixture/" + name + " is not on the classpath");
        }
        return url;
    }
}
