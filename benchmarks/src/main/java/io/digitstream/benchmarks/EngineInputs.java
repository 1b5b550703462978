package io.digitstream.benchmarks;

import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.testing.MnistFixture;
import java.io.IOException;
import java.util.Arrays;

/** What every engine benchmark classifies: the first {@link #IMAGES} committed MNIST test images, normalized as the stream does. */
final class EngineInputs {

    /** Images per benchmark invocation, whatever the batch size: JMH's ops/s are then images/s. */
    static final int IMAGES = 256;

    private EngineInputs() {
    }

    /** {@link #IMAGES} images cut into batches of {@code batch} (a divisor of 256). */
    static float[][][] batches(int batch) {
        if (IMAGES % batch != 0) {
            throw new IllegalArgumentException("batch " + batch + " does not divide " + IMAGES);
        }
        float[][] images = Arrays.copyOf(NormalizedDataset.of(MnistFixture.test500()).inputs(), IMAGES);
        float[][][] batches = new float[IMAGES / batch][][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Arrays.copyOfRange(images, i * batch, (i + 1) * batch);
        }
        return batches;
    }

    /** The shipped model ($DIGITS_MODEL or models/mnist-cnn.zip above the working directory). */
    static DigitModel shippedModel() throws IOException {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null) {
            throw new IllegalStateException("OMP_NUM_THREADS is not set: DL4J would fan out over every core. Run"
                    + " `benchmarks/run` or `OMP_NUM_THREADS=1 java -jar benchmarks/target/benchmarks.jar`");
        }
        DigitModel model = DigitModel.load(ModelLocator.defaultModelPath());
        System.err.printf("%nmodel %s, OMP_NUM_THREADS=%s%n", model.version(), omp);
        return model;
    }
}
