package io.digitstream.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.idx.LabeledImages;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.TrainingParameters;
import io.digitstream.testing.MnistFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Soups of really trained (tiny) networks: a start, two fine-tunes of it, and models a soup must refuse. */
class ModelSoupTest {

    private static final LabeledImages FIXTURE = MnistFixture.test500();
    private static final NormalizedDataset TRAIN = NormalizedDataset.of(FIXTURE.head(300));
    private static final NormalizedDataset TEST = NormalizedDataset.of(FIXTURE).slice(400, 500);

    @TempDir
    static Path dir;

    static DigitModel start;
    static DigitModel fineTuned;
    static DigitModel fineTunedFaster;

    @BeforeAll
    static void train() throws IOException {
        start = train("start.zip", NetworkArchitecture.LENET, 5, 2e-3, null);
        fineTuned = train("ft1.zip", NetworkArchitecture.LENET, 5, 1e-3, start);
        fineTunedFaster = train("ft2.zip", NetworkArchitecture.LENET, 5, 3e-3, start);
    }

    @Test
    void averagesTheWeightsOfModelsFineTunedFromOneModel() {
        ModelSoup soup = new ModelSoup(List.of(start, fineTuned, fineTunedFaster));

        INDArray expected = start.network().params().add(fineTuned.network().params())
                .addi(fineTunedFaster.network().params()).divi(3);
        INDArray before = fineTuned.network().params().dup();
        MultiLayerNetwork averaged = soup.average();

        assertThat(soup.start()).isEqualTo(ModelSoup.identity(start));
        assertThat(averaged.params().equalsWithEps(expected, 1e-6)).isTrue();
        assertThat(averaged.params().equalsWithEps(start.network().params(), 1e-4)).isFalse();
        assertThat(fineTuned.network().params()).isEqualTo(before);
    }

    @Test
    void writesALoadableModelThatNamesItsIngredients() throws IOException {
        Path file = dir.resolve("soup.zip");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        DigitModel written = new ModelSoup(List.of(fineTuned, fineTunedFaster)).write(
                Trainer.validationSplit(TRAIN, fineTuned.metadata().parameters()), TEST, "bin/digits soup ...", file,
                new PrintStream(log, true));

        DigitModel loaded = DigitModel.load(file);
        ModelMetadata metadata = loaded.metadata();
        assertThat(metadata.soupOf()).extracting(ModelMetadata.Ingredient::modelSha256)
                .containsExactly(fineTuned.metadata().modelSha256(), fineTunedFaster.metadata().modelSha256());
        assertThat(metadata.soupOf()).extracting(ModelMetadata.Ingredient::reproduce)
                .containsExactly(fineTuned.metadata().reproduce(), fineTunedFaster.metadata().reproduce());
        assertThat(metadata.version()).startsWith("soup-").isNotEqualTo(fineTuned.version());
        assertThat(metadata.reproduce()).isEqualTo("bin/digits soup ...");
        assertThat(metadata.parameters()).isEqualTo(fineTuned.metadata().parameters());
        assertThat(metadata.testAccuracy()).isEqualTo(Trainer.accuracy(loaded.network(), TEST));
        assertThat(metadata.calibration().images()).isEqualTo(50);
        assertThat(loaded.network().params()).isEqualTo(written.network().params());
        assertThat(log.toString()).contains("soup of 2: test accuracy");
        // an ordinary model's metadata does not mention soups at all
        assertThat(ModelMetadata.read(dir.resolve("ft1.zip")).soupOf()).isEmpty();
    }

    @Test
    void refusesModelsThatDidNotStartFromOneModel() throws IOException {
        DigitModel other = train("other.zip", NetworkArchitecture.LENET, 5, 2e-3, null);

        assertThatThrownBy(() -> new ModelSoup(List.of(fineTuned, other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fine-tuned from one model")
                .hasMessageContaining(other.version() + " from scratch");
    }

    @Test
    void refusesModelsThatHoldOutDifferentValidationImages() throws IOException {
        DigitModel otherSplit = train("split40.zip", NetworkArchitecture.LENET, 5, 1e-3, start, 40);

        assertThatThrownBy(() -> new ModelSoup(List.of(fineTuned, otherSplit)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hold out different validation images").hasMessageContaining(" 40 of clean:1");
    }

    @Test
    void acceptsModelsTrainedWithOtherSeedsForTheyHoldOutTheSameImages() throws IOException {
        DigitModel otherSeed = train("seed6.zip", NetworkArchitecture.LENET, 6, 1e-3, start);

        assertThat(new ModelSoup(List.of(fineTuned, otherSeed)).start()).isEqualTo(ModelSoup.identity(start));
        assertThat(Trainer.validationSplit(TRAIN, otherSeed.metadata().parameters()).inputs())
                .isDeepEqualTo(Trainer.validationSplit(TRAIN, fineTuned.metadata().parameters()).inputs());
    }

    @Test
    void refusesOtherNetworksAndASingleModel() throws IOException {
        DigitModel vgg = train("vgg.zip", NetworkArchitecture.VGG, 5, 2e-3, null);

        assertThatThrownBy(() -> new ModelSoup(List.of(start, vgg))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a soup averages one network");
        assertThatThrownBy(() -> new ModelSoup(List.of(start))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two models or more");
    }

    private static DigitModel train(String name, NetworkArchitecture architecture, long seed, double learningRate,
            DigitModel from) throws IOException {
        return train(name, architecture, seed, learningRate, from, 50);
    }

    private static DigitModel train(String name, NetworkArchitecture architecture, long seed, double learningRate,
            DigitModel from, int validationImages) throws IOException {
        TrainingParameters parameters = new TrainingParameters(seed, 1, 50, learningRate, 1, 0, 0.4, validationImages, 0, true, 1,
                architecture, TrainingParameters.CLEAN, from == null ? null : ModelSoup.identity(from), 0, 0);
        Path file = dir.resolve(name);
        new Trainer(parameters, new PrintStream(new ByteArrayOutputStream())).train(TRAIN, TEST, Map.of(),
                "bin/digits train " + name, file, from == null ? null : from.network());
        return DigitModel.load(file);
    }
}
