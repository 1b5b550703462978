package io.digitstream.lab.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.Preprocessing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AblationTest {

    @Test
    void everyModelRunsOnEveryDatasetWithAndWithoutTheStage() throws Exception {
        MnistFetcher fetcher = MnistFetcher.withDefaults();
        List<Ablation.Run> runs = new Ablation(Map.of("shipped", TestModels.shipped()), Map.of("notebook", TestModels.shipped()),
                new PrintStream(new ByteArrayOutputStream())).run(List.of("mnist-test", "notebook"), fetcher, 60);

        // the paper-protocol model runs on its own dataset only, with the stage
        assertThat(runs).extracting(Ablation.Run::dataset, Ablation.Run::model, Ablation.Run::denoise).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mnist-test", "shipped", false), org.assertj.core.groups.Tuple.tuple("mnist-test", "shipped", true),
                org.assertj.core.groups.Tuple.tuple("notebook", "shipped", false), org.assertj.core.groups.Tuple.tuple("notebook", "shipped", true),
                org.assertj.core.groups.Tuple.tuple("notebook", Ablation.PAPER, true));
        assertThat(runs).allSatisfy(run -> assertThat(run.images()).isEqualTo(60));
        // each figure is the one evaluate gives for the same model, dataset and preprocessing
        for (Ablation.Run run : runs) {
            Evaluation evaluation = new Evaluation(new RecordClassifier(new ImagePipeline(ImageLimits.DEFAULT,
                    run.denoise() ? Preprocessing.DENOISE : Preprocessing.NORMALIZE_ONLY), TestModels.shipped(), Clock.systemUTC()));
            evaluation.addAll(Datasets.load(run.dataset(), fetcher, 60));
            assertThat(run.error()).isEqualTo(1 - (double) evaluation.confusion().correct() / 60);
        }
    }

    @Test
    void theTableHasAColumnPairPerModelAndThePublishedFigures() {
        List<Ablation.Run> runs = List.of(
                new Ablation.Run("back-rand", "clean", false, 100, 0.5, 0), new Ablation.Run("back-rand", "clean", true, 100, 0.25, 0),
                new Ablation.Run("back-rand", "robust", false, 100, 0.125, 0), new Ablation.Run("back-rand", "robust", true, 100, 0.02, 1),
                new Ablation.Run("back-rand", Ablation.PAPER, true, 100, 0.04, 0));

        String table = AblationTable.markdown(runs);

        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().toList().get(0)).contains("clean model, without stage", "robust model, with stage", "paper protocol");
        assertThat(table.lines().toList().get(2))
                .isEqualTo("| back-rand | 50.00% | 25.00% | 12.50% | 2.00% | 4.00% | 6.73% (DBN-3) |");
    }
}
