package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.QuarterTurnReading;
import io.digitstream.model.RepeatedReading;
import io.digitstream.model.Scores;
import io.digitstream.model.ShiftRereading;
import io.digitstream.model.TurnRereading;
import io.digitstream.onnx.OnnxEngineProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --engine} and {@code --model-route}: a wrong engine or route refuses to start, exit code 1 and one line
 * naming the problem, before Kafka is contacted. With engine-onnx on the launcher's class path, the ONNX engines are
 * available.
 */
class ServeEngineAndRoutesTest {

    private static CommandRun serve(String... args) {
        List<String> all = new ArrayList<>(List.of("serve", "--bootstrap-server", "127.0.0.1:1", "--http-port", "0"));
        all.addAll(List.of(args));
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void theOnnxEnginesAreAvailableToTheLauncher() {
        assertThat(Engines.available()).containsExactly("auto", "dl4j", "onnx", "onnx-int8");
    }

    /**
     * {@code serve} with no options runs every shipped model, the routed rotation model too, on onnx-int8: each passes
     * the agreement check, and its predictions (and the metadata they are looked up by) carry the -int8 version.
     */
    @Test
    void serveRunsTheDefaultAndTheRoutedModelOnInt8() throws Exception {
        ServiceConfig config = ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), Map.of()),
                ModelLocator.defaultModelPath());
        assertThat(Engines.resolve(config.engine())).isEqualTo("onnx-int8");
        Path cnn = ModelLocator.defaultModelPath();
        Path rot = cnn.resolveSibling("mnist-rot.zip");
        List<String> int8 = new ArrayList<>();
        for (Path model : List.of(cnn, rot)) {
            DigitModel dl4j = DigitModel.load(model);
            int8.add(dl4j.version() + "-int8");
            System.out.printf("%s on onnx-int8: DL4J's digit on %d of 256 calibration images (at least %.0f%% needed)%n",
                    dl4j.version(), agreement(dl4j, Engines.open("onnx-int8", dl4j, Map.of())),
                    100 * OnnxEngineProvider.MIN_AGREEMENT);
        }

        ModelRouter served = ClassifierService.loadModels(config);

        assertThat(served.routes()).extracting(route -> route.model().getFileName().toString()).containsExactly("mnist-rot.zip");
        assertThat(served.engines()).extracting(InferenceEngine::version).containsExactlyElementsOf(int8);
        assertThat(served.metadata()).containsOnlyKeys(int8);
        // Both re-read their unsure images, the rotation model at other angles; its network reads every image at its
        // quarter turns itself (int8 included), so the engine does not turn the image by quarter turns again.
        assertThat(served.engines()).hasExactlyElementsOfTypes(ShiftRereading.class, TurnRereading.class);
        assertThat(DigitModel.load(rot).metadata().parameters().architecture()).isEqualTo(NetworkArchitecture.TURN_POOLED);
        assertThat(((RepeatedReading) served.engines().get(1)).engine()).isNotInstanceOf(QuarterTurnReading.class)
                .extracting(InferenceEngine::version).isEqualTo(int8.get(1));
    }

    private static int agreement(DigitModel dl4j, InferenceEngine engine) throws Exception {
        float[][] images = OnnxEngineProvider.calibrationImages();
        float[][] expected = dl4j.classify(images);
        float[][] actual = engine.classify(images);
        int agree = 0;
        for (int i = 0; i < images.length; i++) {
            agree += Scores.argmax(expected[i]) == Scores.argmax(actual[i]) ? 1 : 0;
        }
        return agree;
    }

    @Test
    void anUnknownEngineIsRefused() {
        CommandRun run = serve("--engine", "tpu");

        assertThat(run.exitCode()).as("a configuration error").isEqualTo(78);
        assertThat(run.err()).startsWith("digits serve: ")
                .contains("unknown inference engine 'tpu' (digits.engine); available: auto, dl4j, onnx, onnx-int8");
    }

    @Test
    void aMalformedRouteIsRefused() {
        CommandRun run = serve("--model-route", "rot*");

        assertThat(run.exitCode()).as("a configuration error").isEqualTo(78);
        assertThat(run.err()).startsWith("digits serve: ")
                .contains("digits.model.routes: entry 'rot*' is not SOURCE_GLOB=MODEL_PATH");
    }

    @Test
    void aRouteToAMissingModelIsRefused(@TempDir Path dir) {
        Path missing = dir.resolve("mnist-rot.zip");

        CommandRun run = serve("--model-route", "rot*=" + missing, "--model-route", "scanner-7=" + dir.resolve("also-missing.zip"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits serve: ").contains("model route rot*=" + missing + " (digits.model.routes)")
                .contains("model file not found");
    }
}
