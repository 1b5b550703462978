package io.digitstream.model;

import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The shipped, really trained model, loaded once per test JVM. */
public final class TestModels {

    private static DigitModel shipped;

    private TestModels() {
    }

    /** The shipped rotation model, beside the default one; a fresh load, as few tests need it. */
    public static DigitModel rotation() {
        try {
            return DigitModel.load(ModelLocator.defaultModelPath().resolveSibling(ModelRoute.ROTATION_MODEL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A VGG network that says it was trained on rotated images only, as the rotation model was before it read its own
     * quarter turns: the default's network under such metadata, for the tests of reading a model at quarter turns.
     */
    public static DigitModel vggReadAtAnyAngle() {
        return new DigitModel(shipped().network(), TestNetworks.metadata("{\"version\": \"vgg-rot\", \"parameters\":"
                + " {\"architecture\": \"VGG\", \"mix\": \"rot:0.600,rot-back-image:0.400\"}}"));
    }

    public static synchronized DigitModel shipped() {
        if (shipped == null) {
            try {
                shipped = DigitModel.load(ModelLocator.defaultModelPath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shipped.copy();
    }

    /** {@code model} as the service reads it on DL4J: with its repeated reading, the offline twin of a prediction. */
    public static InferenceEngine served(DigitModel model) {
        try {
            return Engines.open(Engines.DL4J, model, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
