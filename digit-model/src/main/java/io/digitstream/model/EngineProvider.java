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
     * Where {@code digits.engine=auto} tries this engine: the highest rank first, the next one when an engine refuses
     * a model (its agreement check against DL4J), {@code dl4j} last. 0, the default: {@code auto} never picks it.
     */
    default int autoRank() {
        return 0;
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
