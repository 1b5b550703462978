package io.digitstream.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.idx.LabeledImages;
import io.digitstream.model.Calibration;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Distillation;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.NativeBackend;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.PrincipalAxis;
import io.digitstream.model.QuarterTurnReading;
import io.digitstream.model.Scores;
import io.digitstream.model.TrainingParameters;
import io.digitstream.testing.MnistFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real, tiny training run: the whole train → save → load path, with oneDNN on. */
class TinyTrainingTest {

    @Test
    void trainsSavesAndLoadsAModelWithItsMetadata(@TempDir Path dir) throws Exception {
        LabeledImages fixture = MnistFixture.test500();
        NormalizedDataset train = NormalizedDataset.of(fixture.head(400));
        NormalizedDataset test = NormalizedDataset.of(fixture).slice(400, 500);
        // with weight averaging and elastic augmentation, as the shipped models are trained
        TrainingParameters parameters = new TrainingParameters(7, 2, 50, 2e-3, 0.8, 1e-4, 0.4, 50, 0, true, 2,
                NetworkArchitecture.VGG, TrainingParameters.CLEAN, null, 0.9, 20);
        Path file = dir.resolve("tiny.zip");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        DigitModel trained = new Trainer(parameters, new PrintStream(log, true)).train(train, test, Map.of("x", "y"),
                "test", file);

        assertThat(log.toString()).contains("oneDNN on").contains("epoch 2/2").contains("last step's weights");
        assertThat(NativeBackend.convolutionsUseOneDnn(trained.network())).isTrue();
        ModelMetadata metadata = ModelMetadata.read(file);
        assertThat(metadata.history()).hasSize(2).allSatisfy(e -> assertThat(e.validationLoss()).isPositive());
        // the per-epoch schedule really advances: epoch 2 trains at 0.8 x the first rate
        assertThat(metadata.history().get(0).learningRate()).isCloseTo(2e-3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(metadata.history().get(1).learningRate()).isCloseTo(1.6e-3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(metadata.modelSha256()).isEqualTo(DigitModel.sha256(file));
        assertThat(metadata.parameters()).isEqualTo(parameters);
        // calibrated on the 50 held-out validation images, as HeldOutCalibration rebuilds them for an existing model
        assertThat(log.toString()).contains("calibration: temperature");
        assertThat(metadata.calibration().isCalibrated()).isTrue();
        assertThat(metadata.calibration().images()).isEqualTo(50);
        assertThat(metadata.calibration().nllAfter()).isLessThanOrEqualTo(metadata.calibration().nllBefore());
        Calibration refit = HeldOutCalibration.fit(trained, Trainer.validationSplit(train, parameters), "again");
        assertThat(refit.temperature()).isEqualTo(metadata.calibration().temperature());
        assertThat(refit.coverage()).isEqualTo(metadata.calibration().coverage());
        assertThat(Files.size(file)).isLessThan(10L * 1024 * 1024);

        DigitModel loaded = DigitModel.load(file);
        float[][] input = {train.inputs()[0], train.inputs()[1]};
        assertThat(loaded.classify(input)).isDeepEqualTo(trained.classify(input));
        assertThat(loaded.version()).isEqualTo(metadata.version());
        // what was saved is what was judged: the averaged weights of the best epoch
        assertThat(Trainer.accuracy(loaded.network(), test)).isEqualTo(metadata.testAccuracy());
    }

    @Test
    void aDistilledModelLearnsItsTeachersAnswers(@TempDir Path dir) throws Exception {
        LabeledImages fixture = MnistFixture.test500();
        NormalizedDataset data = NormalizedDataset.of(fixture.head(300));
        // a teacher that says "3" to everything: with all of each target from it, so does the student
        InferenceEngine saysThree = new FixedAnswer(3);
        TrainingParameters parameters = new TrainingParameters(3, 2, 50, 2e-3, 1, 0, 0.4, 50, 0, true, 2,
                NetworkArchitecture.LENET, TrainingParameters.CLEAN, null, 0, 0, new Distillation("fixed-3", 1, 1));
        Path file = dir.resolve("student.zip");

        DigitModel student = new Trainer(parameters, new PrintStream(new ByteArrayOutputStream()), saysThree)
                .train(data, data, Map.of(), "test", file);

        float[][] probabilities = student.classify(data.slice(0, 100).inputs());
        // labels alone would make about one answer in ten a 3
        long threes = java.util.Arrays.stream(probabilities).mapToInt(Scores::argmax).filter(digit -> digit == 3).count();
        assertThat(threes).isGreaterThanOrEqualTo(90);
        assertThat(ModelMetadata.read(file).parameters().distillation()).isEqualTo(new Distillation("fixed-3", 1, 1));
    }

    @Test
    void anAxisShareOfOneTrainsOnEveryImageTurnedUprightAndTheModelIsReadSo(@TempDir Path dir) throws Exception {
        LabeledImages fixture = MnistFixture.test500();
        NormalizedDataset data = NormalizedDataset.of(fixture.head(200));
        float[][] upright = new float[data.size()][];
        for (int i = 0; i < upright.length; i++) {
            upright[i] = PrincipalAxis.upright(data.inputs()[i]);
        }
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        // without augmentation, turning every image on the way in is training on the turned images
        TrainingParameters turning = new TrainingParameters(5, 1, 50, 1e-3, 1, 0, 0.4, 20, 0, false, 1,
                NetworkArchitecture.LENET, "rot:1", null, 0, 0, null, 1);
        DigitModel turned = new Trainer(turning, out).train(data, data, Map.of(), "test", dir.resolve("a.zip"));
        TrainingParameters plain = new TrainingParameters(5, 1, 50, 1e-3, 1, 0, 0.4, 20, 0, false, 1,
                NetworkArchitecture.LENET, "rot:1", null, 0, 0, null, 0);
        NormalizedDataset turnedData = new NormalizedDataset(upright, data.labels());
        DigitModel onTurned = new Trainer(plain, out).train(turnedData, turnedData, Map.of(), "test", dir.resolve("b.zip"));
        DigitModel onPlain = new Trainer(plain, out).train(data, data, Map.of(), "test", dir.resolve("c.zip"));

        float[][] some = data.slice(0, 20).inputs();
        float[][] a = turned.classify(some);
        float[][] b = onTurned.classify(some);
        float[][] c = onPlain.classify(some);
        for (int i = 0; i < some.length; i++) {
            assertThat(a[i]).containsExactly(b[i], org.assertj.core.api.Assertions.within(1e-4f));
        }
        assertThat(maxDifference(a, c)).as("the images really were turned").isGreaterThan(1e-3f);
        assertThat(ModelMetadata.read(dir.resolve("a.zip")).parameters().axisShare()).isEqualTo(1);
        InferenceEngine served = Engines.open(Engines.DL4J, DigitModel.load(dir.resolve("a.zip")),
                Map.of(Engines.REREAD_BELOW.name(), "0"));
        assertThat(served).isInstanceOfSatisfying(QuarterTurnReading.class, r -> assertThat(r.axisViews()).isTrue());
    }

    private static float maxDifference(float[][] a, float[][] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }

    @Test
    void aTeacherGoesWithDistillationParametersAndOnlyWithThem() {
        TrainingParameters without = new TrainingParameters(1, 1, 50, 1e-3, 1, 0, 0.4, 20, 0, false, 1, NetworkArchitecture.LENET);
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> new Trainer(without, out, new FixedAnswer(0))).isInstanceOf(IllegalArgumentException.class);
        TrainingParameters with = new TrainingParameters(1, 1, 50, 1e-3, 1, 0, 0.4, 20, 0, false, 1,
                NetworkArchitecture.LENET, TrainingParameters.CLEAN, null, 0, 0, new Distillation("t", 0.5, 2));
        assertThatThrownBy(() -> new Trainer(with, out, null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A teacher whose answer is always one digit, with certainty. */
    private record FixedAnswer(int digit) implements InferenceEngine {
        @Override
        public float[][] classify(float[][] inputs) {
            float[][] answers = new float[inputs.length][DigitModel.CLASSES];
            for (float[] answer : answers) {
                answer[digit] = 1;
            }
            return answers;
        }

        @Override
        public InferenceEngine copy() {
            return this;
        }

        @Override
        public String version() {
            return "fixed-" + digit;
        }
    }

    @Test
    void refusesAModelWhoseBytesDoNotMatchItsMetadata(@TempDir Path dir) throws Exception {
        LabeledImages fixture = MnistFixture.test500();
        NormalizedDataset data = NormalizedDataset.of(fixture.head(100));
        Path file = dir.resolve("m.zip");
        new Trainer(new TrainingParameters(1, 1, 50, 1e-3, 1, 0, 0.4, 20, 0, false, 1, NetworkArchitecture.LENET), new PrintStream(new ByteArrayOutputStream()))
                .train(data, data, Map.of(), "test", file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);

        assertThatThrownBy(() -> DigitModel.load(file)).hasMessageContaining("corrupt or was replaced");
    }
}
