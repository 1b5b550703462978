package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.config.LayeredConfig;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelRoute;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.TestNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digits.model.routes} and {@code digits.engine} are checked before the service starts: a malformed route,
 * a routed model that is missing or not what its metadata says, or an unknown engine refuses to start, naming it.
 */
class ModelRoutesConfigTest {

    @TempDir
    Path dir;

    private static ServiceConfig config(Map<String, String> keys) throws IOException {
        Map<String, String> flags = new HashMap<>(keys);
        flags.putIfAbsent(ServiceConfig.MODEL.name(), ModelLocator.defaultModelPath().toString());
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    @Test
    void routesAreParsedInOrderWithTheirGlobs() throws Exception {
        ServiceConfig config = config(Map.of(ServiceConfig.MODEL_ROUTES.name(), " rot*=models/mnist-rot.zip, scanner-7 = /opt/s7.zip ,"));

        assertThat(config.modelRoutes()).containsExactly(new ModelRoute("rot*", Path.of("models/mnist-rot.zip")),
                new ModelRoute("scanner-7", Path.of("/opt/s7.zip")));
        assertThat(config.engine()).isEqualTo(Engines.AUTO);
        // Without the engine-onnx module on the class path (as here), auto is the reference engine.
        assertThat(Engines.resolve(config.engine())).isEqualTo(Engines.DL4J);
        ModelRoute rot = config.modelRoutes().get(0);
        assertThat(rot.matches("rot")).isTrue();
        assertThat(rot.matches("rot-180")).isTrue();
        assertThat(rot.matches("xrot")).isFalse();
        assertThat(new ModelRoute("scanner-?", Path.of("x")).matches("scanner-7")).isTrue();
        assertThat(new ModelRoute("scanner-?", Path.of("x")).matches("scanner-17")).isFalse();
        assertThat(new ModelRoute("a.b(c)+", Path.of("x")).matches("a.b(c)+")).as("no regex metacharacters").isTrue();
        assertThat(new ModelRoute("a.b(c)+", Path.of("axb(c)+")).matches("axb(c)")).isFalse();
    }

    @Test
    void byDefaultRotatedSourcesGoToTheRotationModelBesideTheDefaultOne() throws Exception {
        Path shipped = ModelLocator.defaultModelPath();
        assertThat(config(Map.of()).modelRoutes())
                .containsExactly(new ModelRoute("rot*", shipped.toAbsolutePath().resolveSibling("mnist-rot.zip")));
        assertThat(config(Map.of(ServiceConfig.MODEL_ROUTES.name(), "")).modelRoutes()).as("set empty: no routes").isEmpty();

        Path alone = dir.resolve("mnist-cnn.zip");
        Files.copy(shipped, alone);
        assertThat(config(Map.of(ServiceConfig.MODEL.name(), alone.toString())).modelRoutes())
                .as("no rotation model beside it: no routes").isEmpty();
    }

    @Test
    void aMalformedRouteIsRefused() {
        for (String routes : List.of("rot*", "rot*=", "=models/mnist-rot.zip", "rot*=a.zip,scanner-7")) {
            assertThatThrownBy(() -> config(Map.of(ServiceConfig.MODEL_ROUTES.name(), routes))).as(routes)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("configuration digits.model.routes: entry '")
                    .hasMessageContaining("is not SOURCE_GLOB=MODEL_PATH");
        }
    }

    @Test
    void aRouteToAMissingModelIsRefused() throws Exception {
        Path missing = dir.resolve("mnist-rot.zip");
        ServiceConfig config = config(Map.of(ServiceConfig.MODEL_ROUTES.name(), "rot*=" + missing));

        assertThatThrownBy(() -> ClassifierService.loadModels(config)).isInstanceOf(IOException.class)
                .hasMessageContaining("model route rot*=" + missing + " (digits.model.routes)")
                .hasMessageContaining("model file not found");
    }

    @Test
    void aRouteToAModelThatIsNotItsMetadataIsRefused() throws Exception {
        Path model = dir.resolve("swapped.zip");
        TestNetworks.save(TestNetworks.softmax(DigitModel.INPUTS, DigitModel.CLASSES), model);
        Files.write(model, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        ServiceConfig config = config(Map.of(ServiceConfig.MODEL_ROUTES.name(), "scanner-7=" + model));

        assertThatThrownBy(() -> ClassifierService.loadModels(config)).isInstanceOf(IOException.class)
                .hasMessageContaining("model route scanner-7=")
                .hasMessageContaining("is corrupt or was replaced");
    }

    @Test
    void anIncompatibleRoutedModelIsRefused() throws Exception {
        Path model = dir.resolve("five.zip");
        TestNetworks.save(TestNetworks.softmax(DigitModel.INPUTS, 5), model);
        ServiceConfig config = config(Map.of(ServiceConfig.MODEL_ROUTES.name(), "rot*=" + model));

        assertThatThrownBy(() -> ClassifierService.loadModels(config)).hasMessageContaining("model route rot*=")
                .hasMessageContaining("outputs 5 classes, not 10");
    }

    @Test
    void validRoutesLoadEveryModelAndShareAFileNamedTwice() throws Exception {
        Path model = dir.resolve("rot.zip");
        TestNetworks.save(TestNetworks.softmax(DigitModel.INPUTS, DigitModel.CLASSES), model);
        ServiceConfig config = config(Map.of(ServiceConfig.MODEL_ROUTES.name(), "rot*=" + model + ",r?=" + model));

        ModelRouter router = ClassifierService.loadModels(config);

        assertThat(router.engineFor("rot-1").version()).isEqualTo("test");
        assertThat(router.engineFor("r2")).isSameAs(router.engineFor("rot-1"));
        assertThat(router.engineFor("mnist-test")).isSameAs(router.defaultEngine());
        ModelRouter copy = router.copy();
        assertThat(copy.engineFor("rot-1")).isNotSameAs(router.engineFor("rot-1")).isSameAs(copy.engineFor("r2"));
        assertThat(copy.defaultEngine()).isNotSameAs(router.defaultEngine());
    }

    @Test
    void anUnknownEngineIsRefusedNamingTheAvailableOnes() throws Exception {
        ServiceConfig config = config(Map.of(ServiceConfig.ENGINE.name(), "tpu"));

        assertThatThrownBy(() -> ClassifierService.loadModels(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown inference engine 'tpu' (digits.engine); available: auto, dl4j");
    }
}
