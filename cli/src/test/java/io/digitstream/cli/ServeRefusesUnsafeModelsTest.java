package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.NativeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} refuses to start on a model it cannot trust or use: a one-line reason and a non-zero exit, before Kafka. */
class ServeRefusesUnsafeModelsTest {

    private static CommandRun serve(Path model) {
        return CommandRun.of("serve", "--model", model.toString(), "--bootstrap-server", "127.0.0.1:1", "--http-port", "0");
    }

    @Test
    void aModelWithoutItsMetadataIsRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("copied.zip");
        Files.copy(ModelLocator.defaultModelPath(), model); // the real model, its metadata left behind

        CommandRun run = serve(model);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits serve: ").contains("copied.json").contains("has no metadata file");
    }

    @Test
    void anIncompatibleNetworkWithHonestMetadataIsRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("hundred-inputs.zip");
        NativeBackend.init();
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder().nIn(100).nOut(10).build()).build());
        network.init();
        ModelSerializer.writeModel(network, model.toFile(), false);
        Files.writeString(dir.resolve("hundred-inputs.json"),
                "{\"version\": \"hundred-inputs\", \"modelSha256\": \"" + DigitModel.sha256(model) + "\"}");

        CommandRun run = serve(model);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits serve: ").contains("is incompatible: it does not take 28x28x1 inputs");
    }
}
