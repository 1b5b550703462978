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

    /**
     * {@code auto}'s first choice: 2.6 times the float engine's speed, and as many errors over the robustness sets
     * (1,031 of 27,797 with either, docs/models.md). int8 rounds activations and weights, so it may give another digit
     * than DL4J on an unusual image; the agreement check refuses a model on which that is more than rare.
     */
    @Override
    public int autoRank() {
        return 2;
    }

    @Override
    public InferenceEngine open(DigitModel model, Map<String, String> settings) throws IOException {
        OnnxDigitModel engine = OnnxDigitModel.quantized(model, calibrationImages(), threads(settings));
        return checked(model, engine, name());
    }
}
