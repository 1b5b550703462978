package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model is served only when it is the file its metadata describes and a digit classifier: 28x28x1 in,
 * 10 probabilities out. Each network here is saved with honest metadata (its true SHA-256), so only the
 * shape or the missing metadata can refuse it. (A corrupt file is TinyTrainingTest's case.)
 */
class ModelSafetyTest {

    @TempDir
    Path dir;

    @Test
    void loadsACompatibleNetwork() throws Exception {
        Path file = dir.resolve("ok.zip");
        TestNetworks.save(TestNetworks.softmax(DigitModel.INPUTS, DigitModel.CLASSES), file);

        assertThat(DigitModel.load(file).classify(new float[1][DigitModel.INPUTS])[0]).hasSize(10);
    }

    @Test
    void refusesANetworkThatTakesOtherInputs() throws Exception {
        assertRefused(TestNetworks.softmax(100, DigitModel.CLASSES), "is incompatible: it does not take 28x28x1 inputs");
    }

    @Test
    void refusesANetworkWithAnotherNumberOfClasses() throws Exception {
        assertRefused(TestNetworks.softmax(DigitModel.INPUTS, 5), "is incompatible: it outputs 5 classes, not 10");
    }

    @Test
    void refusesANetworkThatGivesScoresInsteadOfProbabilities() throws Exception {
        assertRefused(TestNetworks.scores(), "is incompatible: its output is not a probability distribution");
    }

    private void assertRefused(org.deeplearning4j.nn.multilayer.MultiLayerNetwork network, String reason) throws Exception {
        Path file = dir.resolve("wrong.zip");
        TestNetworks.save(network, file);
        assertThatThrownBy(() -> DigitModel.load(file)).isInstanceOf(IOException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesAModelWithoutItsMetadataFile() throws Exception {
        Path file = dir.resolve("orphan.zip");
        TestNetworks.save(TestNetworks.softmax(DigitModel.INPUTS, DigitModel.CLASSES), file);
        Files.delete(ModelMetadata.pathFor(file));

        assertThatThrownBy(() -> DigitModel.load(file)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("orphan.json")
                .hasMessageContaining("has no metadata file: without it the model cannot be verified");
    }

    @Test
    void refusesMetadataWithoutAChecksum() throws Exception {
        Path file = dir.resolve("unchecked.zip");
        TestNetworks.save(TestNetworks.softmax(DigitModel.INPUTS, DigitModel.CLASSES), file);
        TestNetworks.metadata("{\"version\": \"unchecked\"}").write(file);

        assertThatThrownBy(() -> DigitModel.load(file)).hasMessageContaining("holds no modelSha256")
                .hasMessageContaining("cannot be verified");
    }
}
