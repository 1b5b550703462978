package io.digitstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.model.DigitModel;
import io.digitstream.model.EngineProvider;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.RepeatedReading;
import io.digitstream.model.Scores;
import io.digitstream.model.TestNetworks;
import io.digitstream.testing.MnistFixture;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ONNX engines are found by {@link ServiceLoader} when this module is on the class path, and checked at open. */
class OnnxEngineProviderTest {

    static DigitModel model;
    static float[][] inputs;

    @BeforeAll
    static void load() throws Exception {
        model = DigitModel.load(ModelLocator.defaultModelPath());
        inputs = Arrays.copyOf(NormalizedDataset.of(MnistFixture.test500()).inputs(), 100);
    }

    @Test
    void serviceLoaderFindsTheOnnxEngines() {
        assertThat(ServiceLoader.load(EngineProvider.class).stream().map(p -> p.get().name()))
                .containsExactlyInAnyOrder("onnx", "onnx-int8");
        assertThat(Engines.available()).containsExactly("auto", "dl4j", "onnx", "onnx-int8");
    }

    @Test
    void anUnknownEngineIsRefusedNamingTheAvailableOnes() {
        assertThatThrownBy(() -> Engines.open("onnx-fp16", model, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown inference engine 'onnx-fp16' (digits.engine); available: auto, dl4j, onnx, onnx-int8");
    }

    @Test
    void dl4jIsTheModelItself() throws Exception {
        assertThat(RepeatedReading.innermost(Engines.open("dl4j", model, Map.of()))).isSameAs(model);
    }

    @Test
    void theOnnxEngineComputesWhatDl4jComputesAndCopies() throws Exception {
        InferenceEngine onnx = RepeatedReading.innermost(Engines.open("onnx", model, Map.of(OnnxEngineProvider.THREADS.name(), "1")));
        assertThat(onnx).isInstanceOf(OnnxDigitModel.class);
        assertThat(onnx.version()).isEqualTo(model.version());
        float[][] expected = model.classify(inputs);
        InferenceEngine copy = onnx.copy();
        assertThat(copy).isNotSameAs(onnx);
        for (InferenceEngine engine : new InferenceEngine[] {onnx, copy}) {
            float[][] actual = engine.classify(inputs);
            for (int i = 0; i < inputs.length; i++) {
                assertThat(OnnxEquivalenceTest.maxAbsDifference(expected[i], actual[i])).isLessThan(1e-4);
            }
        }
    }

    @Test
    void theInt8EngineIsCalibratedOnTheCommittedImagesAndKeepsTheDecisions() throws Exception {
        assertThat(OnnxEngineProvider.calibrationImages()).hasNumberOfRows(256);
        InferenceEngine int8 = RepeatedReading.innermost(Engines.open("onnx-int8", model, Map.of()));
        assertThat(int8.version()).isEqualTo(model.version() + "-int8");
        float[][] expected = model.classify(inputs);
        float[][] actual = int8.copy().classify(inputs);
        int same = 0;
        for (int i = 0; i < inputs.length; i++) {
            same += Scores.argmax(expected[i]) == Scores.argmax(actual[i]) ? 1 : 0;
        }
        assertThat(same).isGreaterThanOrEqualTo(98);
    }

    @Test
    void autoIsTheInt8EngineThenTheFloatOne() throws Exception {
        assertThat(new OnnxInt8EngineProvider().autoRank()).isGreaterThan(new OnnxEngineProvider().autoRank())
                .isGreaterThan(0);
        assertThat(new OnnxEngineProvider().autoRank()).isGreaterThan(0);
        assertThat(Engines.resolve("auto")).isEqualTo("onnx-int8");
        InferenceEngine auto = Engines.open("auto", model, Map.of());
        assertThat(RepeatedReading.innermost(auto)).isInstanceOf(OnnxDigitModel.class);
        assertThat(auto.version()).isEqualTo(model.version() + "-int8");
        float[][] int8 = Engines.open("onnx-int8", model, Map.of()).classify(inputs);
        float[][] actual = auto.classify(inputs);
        for (int i = 0; i < inputs.length; i++) {
            assertThat(actual[i]).as("image %d", i).containsExactly(int8[i]);
        }
    }

    @Test
    void aNamedEngineIsStillTheOneNamed() throws Exception {
        assertThat(Engines.resolve("onnx")).isEqualTo("onnx");
        assertThat(Engines.resolve(" dl4j ")).isEqualTo("dl4j");
        assertThat(Engines.open("onnx", model, Map.of()).version()).isEqualTo(model.version());
        assertThat(RepeatedReading.innermost(Engines.open("dl4j", model, Map.of()))).isSameAs(model);
    }

    @Test
    void autoKeepsAModelEveryOnnxEngineRefusesOnDl4j() throws Exception {
        DigitModel refused = TestNetworks.failing(); // 10 inputs: the engines' check on 784-pixel images fails
        assertThatThrownBy(() -> Engines.open("onnx", refused, Map.of())).isNotNull();
        assertThatThrownBy(() -> Engines.open("onnx-int8", refused, Map.of())).isNotNull();
        assertThat(RepeatedReading.innermost(Engines.open("auto", refused, Map.of()))).isSameAs(refused);
    }

    @Test
    void autoRefusesABadEngineSettingLikeANamedEngine() {
        assertThatThrownBy(() -> Engines.open("auto", model, Map.of(OnnxEngineProvider.THREADS.name(), "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits.engine.onnx.threads=0");
    }

    @Test
    void aBadThreadCountIsRefused() {
        assertThatThrownBy(() -> Engines.open("onnx", model, Map.of(OnnxEngineProvider.THREADS.name(), "zero")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits.engine.onnx.threads=zero is not an integer (allowed at least 1)");
    }
}
