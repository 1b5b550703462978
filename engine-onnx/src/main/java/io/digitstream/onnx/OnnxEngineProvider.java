package io.digitstream.onnx;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.ConfigKeys;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.DigitModel;
import io.digitstream.model.EngineProvider;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.Scores;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * {@code digits.engine=onnx}: the model exported to ONNX (batch norm folded) on ONNX Runtime, float32.
 * Before it serves, it must agree with DL4J's argmax on at least 99% of the committed calibration images
 * ({@link #calibrationImages()}), or the service refuses to start. {@code digits.engine.onnx.threads}:
 * ONNX Runtime intra-op threads per call (default 1; parallelism comes from the stream threads).
 */
public class OnnxEngineProvider implements EngineProvider {

    public static final ConfigKey<Integer> THREADS = ConfigKey.integer("digits.engine.onnx.threads", 1, 1,
            Integer.MAX_VALUE, "ONNX Runtime intra-op threads per call (parallelism comes from num.stream.threads)");

    /** This engine's keys, for {@link io.digitstream.config.DigitsKeys}. */
    public static final class Keys implements ConfigKeys {
        @Override
        public List<ConfigKey<?>> keys() {
            return List.of(THREADS);
        }
    }
    /** Share of the calibration images on which the engine must give DL4J's digit. */
    public static final double MIN_AGREEMENT = 0.99;

    private static final String CALIBRATION = "/io/digitstream/onnx/calibration/";
    private static float[][] calibration;

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String description() {
        return "onnx: ONNX Runtime " + OnnxDigitModel.runtimeVersion() + ", float32";
    }

    /**
     * The same float32 network as DL4J's (0 of 500 digits differ, {@code OnnxEquivalenceTest}): {@code auto}'s choice
     * when {@code onnx-int8} refuses a model.
     */
    @Override
    public int autoRank() {
        return 1;
    }

    @Override
    public InferenceEngine open(DigitModel model, Map<String, String> settings) throws IOException {
        OnnxDigitModel engine = OnnxDigitModel.of(model, threads(settings));
        return checked(model, engine, name());
    }

    static int threads(Map<String, String> settings) {
        return THREADS.get(settings);
    }

    /** Returns {@code engine} when it agrees with {@code model} on the calibration images, else closes it and refuses. */
    static OnnxDigitModel checked(DigitModel model, OnnxDigitModel engine, String name) throws IOException {
        float[][] images = calibrationImages();
        float[][] expected = model.classify(images);
        float[][] actual = engine.classify(images);
        int agree = 0;
        for (int i = 0; i < images.length; i++) {
            agree += Scores.argmax(expected[i]) == Scores.argmax(actual[i]) ? 1 : 0;
        }
        double agreement = agree / (double) images.length;
        if (agreement < MIN_AGREEMENT) {
            engine.close();
            throw new IOException(String.format("the %s engine gives DL4J's digit on only %d of %d calibration images"
                    + " (%.1f%% < %.0f%%) with model %s; refusing to serve it (use digits.engine=dl4j)", name, agree,
                    images.length, 100 * agreement, 100 * MIN_AGREEMENT, model.version()));
        }
        return engine;
    }

    /**
     * The committed calibration set, normalized as the stream normalizes: the first 256 MNIST training
     * images (resource {@code io/digitstream/onnx/calibration/}, CC BY-SA 3.0, see its README.md), so that
     * no MNIST download is needed at start. Deterministic: int8 calibration gives the same model every time.
     */
    public static synchronized float[][] calibrationImages() throws IOException {
        if (calibration == null) {
            URL images = OnnxEngineProvider.class.getResource(CALIBRATION + "train-images-256-idx3-ubyte");
            URL labels = OnnxEngineProvider.class.getResource(CALIBRATION + "train-labels-256-idx1-ubyte");
            if (images == null || labels == null) {
                throw new IOException("the calibration images are missing from the engine-onnx jar (" + CALIBRATION + ")");
            }
            calibration = NormalizedDataset.of(LabeledImages.load(images, labels)).inputs();
        }
        return calibration.clone();
    }
}
