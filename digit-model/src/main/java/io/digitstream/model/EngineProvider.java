package io.digitstream.model;

import java.io.IOException;
import java.util.Map;

/**
 * A pluggable inference engine, found with {@link java.util.ServiceLoader} (list the implementation in
 * {@code META-INF/services/io.digitstream.model.EngineProvider}) and chosen by
 * {@code digits.engine}. {@code dl4j} is built in ({@link Engines}); the {@code engine-onnx} module
 * provides {@code onnx} and {@code onnx-int8}.
 */
public interface EngineProvider {

    /** The value of {@code digits.engine} that selects this engine, e.g. {@code onnx-int8}. */
    String name();

    /**
     * Whether this engine computes what DL4J computes (the same network, float32), so that it gives the reference's
     * digits and may stand in for it by default ({@code digits.engine=auto}); an approximation (int8) may not.
     */
    default boolean exact() {
        return false;
    }

    /** One line for error messages and help texts. */
    default String description() {
        return name();
    }

    /**
     * Builds an engine from a loaded, verified DL4J model. Must refuse (with an {@link IOException}
     * naming the model and the reason) rather than return an engine that would classify differently.
     *
     * @param settings every {@code digits.engine.*} key of the configuration, e.g. {@code digits.engine.onnx.threads}
     */
    InferenceEngine open(DigitModel model, Map<String, String> settings) throws IOException;
}
