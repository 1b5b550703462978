package io.digitstream.lab.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.digitstream.idx.LabeledImages;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

class RandomForestTest {

    private static final LabeledImages FIXTURE = MnistFixture.test500();
    private static final MutableDataset<Label> TRAIN = PixelExamples.dataset(PixelExamples.of(FIXTURE, 0, 300), "fixture[0,300)");
    private static final List<Example<Label>> TEST = PixelExamples.of(FIXTURE, 300, 500);

    @Test
    void pixelExamplesKeepTheInkAndTheLabel() {
        List<Example<Label>> examples = PixelExamples.of(FIXTURE, 0, 2);
        byte[] pixels = FIXTURE.image(0);
        long ink = 0;
        for (byte b : pixels) {
            ink += b == 0 ? 0 : 1;
        }
        assertThat(examples).hasSize(2);
        assertThat((long) examples.get(0).size()).isEqualTo(ink);
        assertThat(PixelExamples.digit(examples.get(0).getOutput())).isEqualTo(FIXTURE.label(0));
        assertThat(examples.get(0)).allSatisfy(f -> assertThat(f.getValue()).isBetween(1 / 255.0, 1.0));
    }

    @Test
    void aForestOnRawPixelsIsFarAboveChanceOnHeldOutImages() throws Exception {
        ConfusionMatrix confusion = RandomForest.evaluate(RandomForest.train(TRAIN, new ForestParameters(30, 28, 0, 1), 42, 2), TEST);

        assertThat(confusion.total()).isEqualTo(200);
        assertThat(confusion.metrics().accuracy()).isGreaterThan(0.6);
    }

    @Test
    void theSameSeedGrowsTheSameForest() throws Exception {
        ForestParameters p = new ForestParameters(6, 28, 0, 1);
        long[][] once = RandomForest.evaluate(RandomForest.train(TRAIN, p, 7, 2), TEST).toArray();
        long[][] again = RandomForest.evaluate(RandomForest.train(TRAIN, p, 7, 2), TEST).toArray();

        assertThat(again).isEqualTo(once);
    }

    @Test
    void crossValidationPicksTheCandidateWithTheBestMeanScore() throws Exception {
        ForestParameters stump = new ForestParameters(1, 14, 1, 1);
        ForestParameters forest = new ForestParameters(20, 28, 0, 1);

        CrossValidatedSearch.Result result = new CrossValidatedSearch(3, 42, 2).run(List.of(stump, forest), TRAIN);

        assertThat(result.candidates()).extracting(CrossValidatedSearch.ScoredCandidate::parameters).containsExactly(stump, forest);
        assertThat(result.candidates()).allSatisfy(c -> {
            assertThat(c.foldAccuracies()).hasSize(3);
            assertThat(c.meanAccuracy()).isCloseTo(c.foldAccuracies().stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow(), offset(1e-12));
        });
        double bestMean = result.candidates().stream().mapToDouble(CrossValidatedSearch.ScoredCandidate::meanAccuracy).max()
                .orElseThrow();
        assertThat(result.best().meanAccuracy()).isEqualTo(bestMean);
        assertThat(result.best().parameters()).isEqualTo(forest);
        assertThat(result.candidates().get(0).meanAccuracy()).isLessThan(0.5);
    }

    @Test
    void theSearchSpaceDrawsDistinctCandidatesReproducibly() {
        List<ForestParameters> drawn = ForestSearchSpace.sample(15, 42);

        assertThat(drawn).hasSize(15).doesNotHaveDuplicates().isEqualTo(ForestSearchSpace.sample(15, 42));
        assertThat(drawn).isNotEqualTo(ForestSearchSpace.sample(15, 43));
    }

    @Test
    void theBaselineWritesBothSetupsAndReadsThemBack(@TempDir Path dir) throws Exception {
        // The fixture serves as both sets here: this checks the plumbing and the file, not the forest's skill.
        ForestBaseline.Settings settings = new ForestBaseline.Settings(150, 3, 300, 5, 100, 42, 2);
        List<ForestParameters> candidates = List.of(new ForestParameters(4, 14, 4, 5), new ForestParameters(8, 28, 0, 1));
        ForestBaselineResult result = new ForestBaseline(settings, line -> { }).run(FIXTURE, FIXTURE, candidates, "test");
        Path file = dir.resolve("forest.json");
        result.write(file);

        ForestBaselineResult read = ForestBaselineResult.read(file);
        assertThat(read.searched().trainRows()).isEqualTo(150);
        assertThat(read.full().trainRows()).isEqualTo(300);
        assertThat(read.searched().search().candidates()).hasSize(2);
        assertThat(read.full().search()).isNull();
        ForestParameters best = result.searched().search().candidates().stream()
                .max(Comparator.comparingDouble(CrossValidatedSearch.ScoredCandidate::meanAccuracy)).orElseThrow().parameters();
        assertThat(read.searched().parameters()).isEqualTo(best);
        assertThat(read.full().parameters()).isEqualTo(best.withTrees(Math.min(5, best.trees())));
        assertThat(read.full().confusion().toArray()).isEqualTo(result.full().confusion().toArray());
        assertThat(read.full().confusion().total()).isEqualTo(100);
        assertThat(read.full().metrics().get("accuracy")).isEqualTo(read.full().confusion().metrics().accuracy());
    }
}
