package io.digitstream.onnx;

import io.digitstream.model.DigitModel;
import io.digitstream.model.InferenceEngine;
import java.io.IOException;
import java.util.Map;

/**
 * {@code digits.engine=onnx-int8}: the ONNX model with int8 convolutions ({@link OnnxExporter#toQuantizedOnnx}),
 * its activation ranges calibrated at start on the committed calibration images
 * ({@link OnnxEngineProvider#calibrationImages()}), and refused unless it then gives DL4J's digit on at
 * least 99% of them. Predictions carry the model version with {@code -int8} appended.
 */
public final class OnnxInt8EngineProvider extends OnnxEngineProvider {

    @Override
    public String name() {
        return "onnx-int8";
    }

    @Override
    public String description() {
        return "onnx-int8: ONNX Runtime " + OnnxDigitModel.runtimeVersion() + ", int8 convolutions";
    }

    /** int8 rounds activations and weights: it may give another digit than DL4J on an unusual image. */
    @Override
    public boolean exact() {
        return false;
    }

    @Override
    public InferenceEngine open(DigitModel model, Map<String, String> settings) throws IOException {
        OnnxDigitModel engine = OnnxDigitModel.quantized(model, calibrationImages(), threads(settings));
        return checked(model, engine, name());
    }
}
