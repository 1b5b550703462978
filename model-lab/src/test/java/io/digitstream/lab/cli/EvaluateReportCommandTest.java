package io.digitstream.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.lab.report.StageSamples;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.ColourScans;
import io.digitstream.model.ModelLocator;
import io.digitstream.testing.MnistFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code evaluate --report} and {@code evaluate --robustness} as a user runs them, on a folder of colour scans with
 * two files the stream dead-letters.
 */
class EvaluateReportCommandTest {

    @TempDir
    static Path dir;
    private static Path scans;

    @BeforeAll
    static void scans() throws Exception {
        scans = ColourScans.write(dir.resolve("scans"),
                MnistFixture.test500(), 12);
        ColourScans.addRejected(scans);
    }

    /** Runs {@code evaluate ARGS}; returns stdout after asserting the exit code is 0. */
    private static String evaluate(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new EvaluateCommand()).execute(args);
        } finally {
            System.setOut(saved);
        }
        assertThat(exit).as("exit code of evaluate " + String.join(" ", args)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode lastLine(String stdout) throws Exception {
        List<String> lines = stdout.lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    @Test
    void theReportOfAFolderOfColourScansHasEveryFigure() throws Exception {
        Path report = dir.resolve("report");
        JsonNode metrics = lastLine(evaluate("--dataset", "dir:" + scans, "--report", report.toString()));

        assertThat(metrics.get("deadLetters").asInt()).isEqualTo(2);
        // the two rejected scans are labeled: they count in n and against the accuracy, as a user counts them
        assertThat(metrics.get("classified").asInt()).isEqualTo(12);
        assertThat(metrics.get("n").asInt()).isEqualTo(14);
        assertThat(metrics.get("accuracy").asDouble())
                .isCloseTo(metrics.get("classifiedAccuracy").asDouble() * 12 / 14, org.assertj.core.api.Assertions.within(1e-9));
        String markdown = Files.readString(report.resolve("report.md"));
        for (String figure : List.of("confusion-matrix.png", "prediction-grid.png", "worst-mistakes.png", "stages.png")) {
            assertThat(markdown).contains("](" + figure + ")");
            assertThat(ImageIO.read(report.resolve(figure).toFile())).as(figure).isNotNull();
        }
        // the scans are traced through the preprocessing below the built-in datasets' samples
        assertThat(ImageIO.read(report.resolve("stages.png").toFile()).getHeight())
                .isGreaterThan(StageSamples.render(MnistFetcher.withDefaults(), 2).getHeight());
    }

    @Test
    void datasetsAndModelsWithoutRobustnessAreRefused() {
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new EvaluateCommand()).execute("--datasets", "mnist-test,back-rand", "--limit", "1");
        } finally {
            System.setErr(savedErr);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--datasets and --models belong to --robustness");
    }

    /** The threshold reaches the engine: one out of range is refused by the engine's own check, naming the key. */
    @Test
    void theRereadingThresholdIsTheEngines() throws Exception {
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new EvaluateCommand()).execute("--dataset", "mnist-test", "--limit", "1",
                    "--reread-below", "1.01");
        } finally {
            System.setErr(savedErr);
        }
        assertThat(exit).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("digits.engine.reread-below");
        assertThat(lastLine(evaluate("--dataset", "mnist-test", "--limit", "1", "--reread-below", "1", "--json"))
                .get("n").asInt()).isEqualTo(1);
    }

    @Test
    void theRobustnessCommandWritesItsTableAndPrintsItsJson() throws Exception {
        Path models = ModelLocator.defaultModelPath().toAbsolutePath().getParent();
        Path report = dir.resolve("robustness");
        String stdout = evaluate("--robustness", "--datasets", "mnist-test,dir:" + scans, "--models",
                models.resolve("mnist-cnn.zip") + "," + models.resolve("mnist-clean.zip"), "--limit", "20",
                "--reread-below", "0.5", "--report", report.toString());

        JsonNode json = lastLine(stdout);
        assertThat(json.get("rows")).hasSize(4);
        assertThat(json.get("rows").get(0).get("n").asInt()).isEqualTo(20);
        assertThat(json.get("rows").get(3).get("n").asInt()).isEqualTo(14);
        assertThat(json.get("rows").get(3).get("deadLetters").asInt()).isEqualTo(2);
        assertThat(json.get("rows").get(3).get("family").asText()).isEqualTo("independent");
        assertThat(stdout).contains("| dataset | family | model | n | error | error, 95% CI (Wilson) | dead letters |");
        String markdown = Files.readString(report.resolve("robustness.md"));
        assertThat(markdown).contains("| mnist-test | held-out test | mnist-cnn | 20 |", "| dir:" + scans + " | independent | mnist-clean | 14 |",
                "## Per-class recall of the weakest sets", "--limit 20", "--reread-below 0.5");
        assertThat(new ObjectMapper().readTree(report.resolve("robustness.json").toFile()).get("rows")).hasSize(4);
    }
}
