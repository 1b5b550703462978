package io.digitstream.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.cli.CommandRun;
import io.digitstream.command.ExitCodes;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.QuarterTurnStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init-from M --architecture A} starts an architecture that reads the same layers differently from
 * M's weights; one that needs other layers is refused with the reason.
 */
class TrainArchitectureChangeTest {

    @Test
    void aTurnPooledNetworkStartsFromAVggModelsWeights(@TempDir Path dir) throws Exception {
        Path vgg = ModelLocator.defaultModelPath();
        Path pooled = dir.resolve("pooled.zip");

        CommandRun run = CommandRun.of("train", "--epochs", "1", "--batch", "50", "--limit", "200",
                "--validation", "50", "--test-limit", "200", "--learning-rate", "1e-9", "--mix", "rot:1",
                "--architecture", "TURN_POOLED", "--init-from", vgg.toString(), "--output", pooled.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        ModelMetadata metadata = ModelMetadata.read(pooled);
        assertThat(metadata.parameters().architecture()).isEqualTo(NetworkArchitecture.TURN_POOLED);
        assertThat(metadata.reproduce()).contains(" --architecture TURN_POOLED").contains(" --init-from " + vgg);
        DigitModel model = DigitModel.load(pooled);
        assertThat(model.network().getLayerWiseConfigurations().getInputPreProcess(0)).isInstanceOf(QuarterTurnStack.class);
        // a step of 1e-9 leaves the weights where they started: the VGG model's (batch statistics aside)
        DigitModel start = DigitModel.load(vgg);
        assertThat(ModelMetadata.read(vgg).parameters().architecture()).isEqualTo(NetworkArchitecture.VGG);
        String[] convolution = {"0_W", "3_W", "7_W", "10_W"};
        for (String name : convolution) {
            assertThat(model.network().getParam(name).sub(start.network().getParam(name)).amaxNumber().doubleValue())
                    .as(name).isLessThan(1e-4);
        }
    }

    @Test
    void anArchitectureOfOtherLayersIsRefused(@TempDir Path dir) {
        CommandRun run = CommandRun.of("train", "--epochs", "1", "--limit", "200", "--validation", "50",
                "--test-limit", "200", "--architecture", "SLIM",
                "--init-from", ModelLocator.defaultModelPath().toString(), "--output", dir.resolve("x.zip").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("a SLIM network has").contains("start it from a model of the same layers");
    }
}
