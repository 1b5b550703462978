package io.digitstream.model;

import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import java.io.IOException;
import java.io.UncheckedIOException;

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
}
