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
    void aChallengerWithoutItsMetadataIsRefusedAndSoIsACanaryShareOutOfRange(@TempDir Path dir) throws Exception {
        Path challenger = dir.resolve("challenger.zip");
        Files.copy(ModelLocator.defaultModelPath().resolveSibling("mnist-clean.zip"), challenger); // metadata left behind
        Path config = dir.resolve("serve.properties");
        Files.writeString(config, "digits.model.challenger=" + challenger + "\n");

        CommandRun run = CommandRun.of("serve", "--config", config.toString(), "--bootstrap-server", "127.0.0.1:1",
                "--http-port", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits serve: ").contains("digits.model.challenger")
                .contains("challenger.json").contains("has no metadata file");

        Files.writeString(config, "digits.model.challenger=" + challenger + "\ndigits.model.challenger.canary.share=1.01\n");
        CommandRun share = CommandRun.of("serve", "--config", config.toString(), "--bootstrap-server", "127.0.0.1:1",
                "--http-port", "0");

        assertThat(share.exitCode()).isEqualTo(78);
        assertThat(share.err()).contains("digits.model.challenger.canary.share=1.01 is out of range: allowed 0.0..1.0");
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
