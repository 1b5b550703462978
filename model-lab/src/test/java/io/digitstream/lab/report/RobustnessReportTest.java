package io.digitstream.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.command.OutputException;
import io.digitstream.lab.evaluate.DatasetFamily;
import io.digitstream.lab.evaluate.Datasets;
import io.digitstream.lab.evaluate.Evaluation;
import io.digitstream.lab.evaluate.Robustness.Cell;
import io.digitstream.lab.evaluate.Robustness;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.ColourScans;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.testing.MnistFixture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two shipped models on held-out MNIST, an own-generator variant and a folder of colour scans, 40 images each. */
class RobustnessReportTest {

    private static final int LIMIT = 40;

    @TempDir
    static Path dir;
    private static List<String> datasets;
    private static Map<String, DigitModel> models;
    private static List<Cell> cells;
    private static String markdown;
    private static JsonNode json;

    @BeforeAll
    static void measure() throws Exception {
        Path scans = ColourScans.write(dir.resolve("scans"), MnistFixture.test500(), 24);
        ColourScans.addRejected(scans);
        datasets = List.of("mnist-test", "back-rand", Datasets.DIRECTORY_PREFIX + scans);
        Path shipped = ModelLocator.defaultModelPath();
        models = new LinkedHashMap<>();
        models.put("mnist-cnn", DigitModel.load(shipped));
        models.put("mnist-clean", DigitModel.load(shipped.resolveSibling("mnist-clean.zip")));
        cells = new Robustness(models, Engines.DL4J, Map.of(), ImagePipeline.withDefaults(), new PrintStream(OutputStream.nullOutputStream()))
                .run(datasets, MnistFetcher.withDefaults(), LIMIT);
        new RobustnessReport(cells, "bin/digits evaluate --robustness").write(dir.resolve("report"));
        markdown = Files.readString(dir.resolve("report").resolve(RobustnessReport.MARKDOWN));
        json = new ObjectMapper().readTree(dir.resolve("report").resolve(RobustnessReport.JSON).toFile());
    }

    @Test
    void aReportThatCannotBeWrittenIsAnOutputFailureNamingThePlace() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
        RobustnessReport report = new RobustnessReport(cells, "bin/digits evaluate --robustness");

        assertThatThrownBy(() -> report.write(notADirectory.resolve("report"))).isInstanceOf(OutputException.class)
                .hasMessageStartingWith("cannot write " + notADirectory.resolve("report"));
    }

    @Test
    void everyModelIsMeasuredOnEverySetWithItsFamily() {
        assertThat(cells).extracting(Cell::dataset).containsExactly(datasets.get(0), datasets.get(0), datasets.get(1),
                datasets.get(1), datasets.get(2), datasets.get(2));
        assertThat(cells).extracting(Cell::model).containsExactly("mnist-cnn", "mnist-clean", "mnist-cnn", "mnist-clean",
                "mnist-cnn", "mnist-clean");
        assertThat(cells).extracting(Cell::family).containsExactly(DatasetFamily.HELD_OUT, DatasetFamily.HELD_OUT,
                DatasetFamily.OWN_GENERATOR, DatasetFamily.OWN_GENERATOR, DatasetFamily.INDEPENDENT, DatasetFamily.INDEPENDENT);
        assertThat(cells).extracting(Cell::n).containsExactly(40L, 40L, 40L, 40L, 26L, 26L);
    }

    @Test
    void errorsMatchAPlainEvaluationWithDeadLettersCountedAsErrors() throws Exception {
        for (Cell cell : cells) {
            List<DigitImage> images = Datasets.load(cell.dataset(), MnistFetcher.withDefaults(), LIMIT);
            Evaluation evaluation = new Evaluation(new RecordClassifier(ImagePipeline.withDefaults(),
                    models.get(cell.model()).copy(), Clock.systemUTC()));
            evaluation.addAll(images);
            long wrong = evaluation.confusion().total() - evaluation.confusion().correct() + evaluation.rejected().size();
            assertThat(cell.errors()).as(cell.dataset() + " " + cell.model()).isEqualTo(wrong);
            assertThat(cell.deadLetters()).isEqualTo(evaluation.rejected().size());
            long[] support = new long[10];
            images.forEach(image -> support[image.getLabel()]++);
            assertThat(cell.support()).isEqualTo(support);
        }
    }

    @Test
    void deadLettersAreErrorsAndMissesOfTheirDigit() throws Exception {
        List<DigitImage> scans = Datasets.load(datasets.get(2), MnistFetcher.withDefaults(), LIMIT);
        long threes = scans.stream().filter(image -> image.getLabel() == 3).count();
        for (Cell cell : cells.subList(4, 6)) {
            assertThat(cell.deadLetters()).isEqualTo(2);
            assertThat(cell.errors()).isGreaterThanOrEqualTo(2);
            assertThat(cell.support()[3]).isEqualTo(threes);
            assertThat(cell.correct()[3]).isLessThanOrEqualTo(threes - 1);
        }
        assertThat(cells.subList(0, 4)).allMatch(cell -> cell.deadLetters() == 0);
    }

    @Test
    void theTableShowsEachRowWithItsWilsonInterval() {
        for (Cell cell : cells) {
            double e = (double) cell.errors() / cell.n();
            double z = 1.959963984540054;
            double z2 = z * z;
            double n = cell.n();
            double centre = (e + z2 / (2 * n)) / (1 + z2 / n);
            double half = z / (1 + z2 / n) * Math.sqrt(e * (1 - e) / n + z2 / (4 * n * n));
            double low = e == 0 ? 0 : centre - half;
            assertThat(markdown).contains(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f%% | %.2f%%–%.2f%% | %d |",
                    cell.dataset(), cell.family().label(), cell.model(), cell.n(), 100 * e, 100 * low, 100 * (centre + half),
                    cell.deadLetters()));
        }
        assertThat(markdown).contains("**independent**: ", "**own generator**: ", "**held-out test**: ");
        for (Map.Entry<String, DigitModel> model : models.entrySet()) {
            assertThat(markdown).contains(model.getKey() + " = `" + model.getValue().version() + "` (trained on "
                    + model.getValue().metadata().parameters().mix() + ")");
        }
    }

    @Test
    void theWeakestSetsGetTheirPerClassRecall() {
        // independently: rank sets by their best model's error, hardest first
        Map<String, Double> best = new LinkedHashMap<>();
        for (Cell cell : cells) {
            best.merge(cell.dataset(), (double) cell.errors() / cell.n(), Math::min);
        }
        List<String> expected = best.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).map(Map.Entry::getKey).toList();
        List<String> weakest = new ArrayList<>();
        json.get("weakest").forEach(node -> weakest.add(node.asText()));
        assertThat(weakest).containsExactlyElementsOf(expected);

        String recallSection = markdown.substring(markdown.indexOf("## Per-class recall of the weakest sets"));
        for (Cell cell : cells) {
            StringBuilder row = new StringBuilder("| " + cell.dataset() + " | " + cell.model() + " |");
            for (int c = 0; c < 10; c++) {
                long correct = cell.correct()[c];
                row.append(cell.support()[c] == 0 ? " — |"
                        : String.format(Locale.ROOT, " %.2f%% |", 100.0 * correct / cell.support()[c]));
            }
            assertThat(recallSection).contains(row);
        }
    }

    @Test
    void theJsonHoldsEveryRow() {
        assertThat(json.get("rows")).hasSize(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            JsonNode row = json.get("rows").get(i);
            Cell cell = cells.get(i);
            assertThat(row.get("dataset").asText()).isEqualTo(cell.dataset());
            assertThat(row.get("family").asText()).isEqualTo(cell.family().label());
            assertThat(row.get("n").asLong()).isEqualTo(cell.n());
            assertThat(row.get("errorRate").asDouble()).isEqualTo((double) cell.errors() / cell.n());
            assertThat(row.get("errorRate95")).hasSize(2);
            assertThat(row.get("recall")).hasSize(10);
        }
    }

    /** Three datasets, each measured by two models; the first model errs more on all of them. */
    private static List<Cell> threeWith(long... errorsOfBestModel) {
        List<Cell> made = new ArrayList<>();
        for (int d = 0; d < errorsOfBestModel.length; d++) {
            long[] support = {100, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            for (long errors : new long[] {errorsOfBestModel[d] + 30, errorsOfBestModel[d]}) {
                made.add(new Cell("dir:set" + d, DatasetFamily.INDEPENDENT, errors == errorsOfBestModel[d] ? "best" : "other",
                        "v", null, 100, errors, 0, support, new long[] {100 - errors, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
            }
        }
        return made;
    }

    @Test
    void atMostThreeSetsAreTheWeakestRankedByTheirBestModel() {
        assertThat(new RobustnessReport(threeWith(5, 9), "").weakest()).containsExactly("dir:set1", "dir:set0");
        assertThat(new RobustnessReport(threeWith(5, 9, 7), "").weakest()).containsExactly("dir:set1", "dir:set2", "dir:set0");
        assertThat(new RobustnessReport(threeWith(5, 9, 7, 2), "").weakest()).containsExactly("dir:set1", "dir:set2", "dir:set0");
        assertThat(new RobustnessReport(threeWith(1, 9, 7, 2), "").weakest()).containsExactly("dir:set1", "dir:set2", "dir:set3");
        assertThat(new RobustnessReport(threeWith(5, 9, 7, 2), "").markdown()).doesNotContain("| dir:set3 | best |");
    }

    @Test
    void aDatasetWithoutAFamilyIsRefusedBeforeAnythingIsClassified() {
        assertThatThrownBy(() -> new Robustness(models, Engines.DL4J, Map.of(), ImagePipeline.withDefaults(), System.err)
                .run(List.of("mnist-test", "mnist-blurry"), MnistFetcher.withDefaults(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mnist-blurry' has no family");
    }

    @Test
    void theModelsRunOnTheEngineItIsGiven() {
        // model-lab's class path holds no engine provider: only dl4j (and auto) exist, and any other name is refused
        assertThatThrownBy(() -> new Robustness(models, "onnx-int8", Map.of(), ImagePipeline.withDefaults(), System.err)
                .run(List.of("mnist-test"), MnistFetcher.withDefaults(), 1))
                .hasMessageContaining("unknown inference engine 'onnx-int8'");
    }
}
