package io.digitstream.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measured figures of docs/benchmarks.md are the ones generated from docs/measurements/. */
class MeasuredTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void benchmarksPageShowsTheGeneratedTable() throws IOException {
        Path root = RepositoryRoot.path();
        String page = Files.readString(root.resolve(MeasuredTable.DOC), StandardCharsets.UTF_8);
        String generated = MeasuredTable.generate(root.resolve(MeasuredTable.MEASUREMENTS));

        assertThat(MeasuredTable.betweenMarkers(page))
                .as("the measured table of docs/benchmarks.md is not the one docs/measurements/ gives; regenerate it"
                        + " from the repository root with:\n  " + MeasuredTable.REGENERATE + "\n")
                .isEqualTo(generated);
        try (var files = Files.list(root.resolve(MeasuredTable.MEASUREMENTS))) {
            assertThat(generated.lines().count()).isEqualTo(2 + files.count());
        }
    }

    @Test
    void picksTheKnownFieldsOfEachCommandKind() throws IOException {
        assertThat(MeasuredTable.figures("bin/digits evaluate --dataset mnist-test --json", json("""
                {"dataset":"mnist-test","n":10000,"accuracy":0.9958,"kappa":0.99533,"confusion":[[1]]}""")))
                .isEqualTo("dataset=mnist-test, n=10,000, accuracy=0.9958");
        assertThat(MeasuredTable.figures("bin/digits demo --json", json("""
                {"dataset":"mnist-test","n":400,"accuracy":0.99,"imagesPerSecond":1399.2}""")))
                .isEqualTo("dataset=mnist-test, n=400, accuracy=0.99");
        assertThat(MeasuredTable.figures("OMP_NUM_THREADS=1 bin/digits bench engine --engine onnx-int8 --json", json("""
                {"model":"mnist-cnn-1","batch":32,"imagesPerSecond":1548.892,"engine":"onnx-int8","batches":[]}""")))
                .isEqualTo("model=mnist-cnn-1, engine=onnx-int8, batch=32, imagesPerSecond=1,549");
        assertThat(MeasuredTable.figures("bin/digits bench e2e --json", json("""
                {"images":100000,"imagesPerSecond":3359.4,"baselineImagesPerSecond":629.1,"p50Millis":77,
                 "p99Millis":812.5,"halfRateP99Millis":148.2,"peakRssMb":855.0,"exactlyOnce":true}""")))
                .isEqualTo("images=100,000, imagesPerSecond=3,359, baselineImagesPerSecond=629, p99Millis=812,"
                        + " halfRateP99Millis=148, peakRssMb=855");
        String campaign = """
                {"runs":10,"kills":49,"inputs":1000000,"predictions":990123,"deadLetters":9877,"lost":0,"duplicated":0}""";
        assertThat(MeasuredTable.figures("bin/digits bench crash --runs 10 --json", json(campaign)))
                .isEqualTo("inputs=1,000,000, predictions=990,123, deadLetters=9,877, lost=0, duplicated=0");
        assertThat(MeasuredTable.figures("bin/digits bench hostile --records 10000 --json", json(campaign)))
                .isEqualTo("inputs=1,000,000, predictions=990,123, deadLetters=9,877, lost=0, duplicated=0");
    }

    @Test
    void summarizesOtherCommandsAsKeyValuePairs() throws IOException {
        assertThat(MeasuredTable.figures("bin/digits bench stage --json", json("""
                {"stageMicrosPerImage":{"mnist-test":29.137,"notebook":206.4},"rejected":{"notebook":0},
                 "images":3000,"threads":1,"perBatch":[1,2],"note":null,"quiet":false}""")))
                .isEqualTo("stageMicrosPerImage{mnist-test=29.137, notebook=206}, rejected{notebook=0}, images=3,000,"
                        + " threads=1, quiet=false");
        // A known kind whose fields are all missing is summarized rather than shown empty.
        assertThat(MeasuredTable.figures("bin/digits evaluate --robustness --json", json("""
                {"rows":[],"models":2}"""))).isEqualTo("models=2");
    }

    @Test
    void summaryKeepsAtMostTwelveFields() throws IOException {
        assertThat(MeasuredTable.SUMMARY_FIELDS).isEqualTo(12);
        assertThat(MeasuredTable.summary(fields(11))).isEqualTo(expected(11));
        assertThat(MeasuredTable.summary(fields(12))).isEqualTo(expected(12));
        assertThat(MeasuredTable.summary(fields(13))).isEqualTo(expected(12) + ", (1 more in the file)");
        ObjectNode nested = JSON.createObjectNode();
        nested.set("o", fields(13));
        nested.put("after", 1);
        assertThat(MeasuredTable.summary(nested)).isEqualTo("o{" + expected(12) + "}, (2 more in the file)");
    }

    @Test
    void commandKindIsWhatFollowsTheLauncher() {
        assertThat(MeasuredTable.kind("bin/digits bench engine --engine dl4j --json")).isEqualTo("bench engine");
        assertThat(MeasuredTable.kind("OMP_NUM_THREADS=2 bin/digits bench engine")).isEqualTo("bench engine");
        assertThat(MeasuredTable.kind("bin/digits evaluate --dataset rot --json")).isEqualTo("evaluate");
        assertThat(MeasuredTable.kind("digits demo")).isEqualTo("demo");
        assertThat(MeasuredTable.kind("du -sh cli/target/lib")).isEmpty();
    }

    @Test
    void formatsNumbersForReading() throws IOException {
        assertThat(MeasuredTable.format(json("10000"))).isEqualTo("10,000");
        assertThat(MeasuredTable.format(json("0.995834"))).isEqualTo("0.9958");
        assertThat(MeasuredTable.format(json("99.99996"))).isEqualTo("100");
        assertThat(MeasuredTable.format(json("100.5"))).isEqualTo("100");
        assertThat(MeasuredTable.format(json("1548.892"))).isEqualTo("1,549");
        assertThat(MeasuredTable.format(json("0.5"))).isEqualTo("0.5");
        assertThat(MeasuredTable.format(json("\"onnx-int8\""))).isEqualTo("onnx-int8");
    }

    @Test
    void tableRowsAreOrderedByDateAndLinkTheirFile(@TempDir Path dir) throws IOException {
        write(dir.resolve("b.json"), "bin/digits evaluate --dataset rot --json", "2026-12-05", "{\"n\":10,\"accuracy\":1}");
        write(dir.resolve("a.json"), "bin/digits bench stage | tee x", "2026-12-06", "{\"images\":3}");
        Files.writeString(dir.resolve("notes.txt"), "not a measurement");

        assertThat(MeasuredTable.generate(dir)).isEqualTo("""
                | date | what (command) | figures | machine | file |
                |---|---|---|---|---|
                | 2026-12-05 | `bin/digits evaluate --dataset rot --json` | n=10, accuracy=1 | 2 cores | [b.json](measurements/b.json) |
                | 2026-12-06 | `bin/digits bench stage \\| tee x` | images=3 | 2 cores | [a.json](measurements/a.json) |
                """);
    }

    @Test
    void refusesMalformedMeasurementsNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.json");
        Files.writeString(file, "{\"command\": ");
        assertThatThrownBy(() -> MeasuredTable.generate(dir)).hasMessageContaining("m.json: not JSON");
        Files.writeString(file, "[1]");
        assertThatThrownBy(() -> MeasuredTable.generate(dir)).hasMessageContaining("m.json: expected a JSON object");
        Files.writeString(file, "{\"command\":\"bin/digits demo\",\"date\":\"2026-12-05\",\"result\":{}}");
        assertThatThrownBy(() -> MeasuredTable.generate(dir)).hasMessageContaining("m.json: missing text field 'machine'");
        Files.writeString(file, "{\"command\":\"bin/digits demo\",\"date\":\"d\",\"machine\":\"m\",\"result\":[]}");
        assertThatThrownBy(() -> MeasuredTable.generate(dir)).hasMessageContaining("m.json: missing object field 'result'");
    }

    @Test
    void replacesOnlyWhatLiesBetweenTheMarkers() {
        String page = "intro\n" + MeasuredTable.BEGIN + "\nold\n" + MeasuredTable.END + "\nafter\n";

        assertThat(MeasuredTable.betweenMarkers(page)).isEqualTo("old\n");
        assertThat(MeasuredTable.replaceBetweenMarkers(page, "| new |\n"))
                .isEqualTo("intro\n" + MeasuredTable.BEGIN + "\n| new |\n" + MeasuredTable.END + "\nafter\n");
        assertThat(MeasuredTable.betweenMarkers(MeasuredTable.BEGIN + "\n" + MeasuredTable.END)).isEmpty();
        assertThatThrownBy(() -> MeasuredTable.betweenMarkers("no markers")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeasuredTable.betweenMarkers(MeasuredTable.END + "\n" + MeasuredTable.BEGIN + "\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeasuredTable.betweenMarkers(page + page)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mainRewritesTheTableInPlace(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve(MeasuredTable.MEASUREMENTS));
        write(root.resolve(MeasuredTable.MEASUREMENTS).resolve("e.json"), "bin/digits evaluate --json", "2026-12-05",
                "{\"n\":5,\"accuracy\":0.8}");
        Path doc = root.resolve(MeasuredTable.DOC);
        Files.writeString(doc, "# B\n" + MeasuredTable.BEGIN + "\nstale\n" + MeasuredTable.END + "\n");

        MeasuredTable.main(new String[] {root.toString()});

        assertThat(MeasuredTable.betweenMarkers(Files.readString(doc)))
                .isEqualTo(MeasuredTable.generate(root.resolve(MeasuredTable.MEASUREMENTS)))
                .contains("n=5, accuracy=0.8");
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static JsonNode fields(int count) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 1; i <= count; i++) {
            node.put("f" + i, i);
        }
        return node;
    }

    private static String expected(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(i > 1 ? ", " : "").append("f").append(i).append('=').append(i);
        }
        return text.toString();
    }

    private static void write(Path file, String command, String date, String result) throws IOException {
        Files.writeString(file, "{\"command\":" + JSON.writeValueAsString(command) + ",\"date\":\"" + date
                + "\",\"machine\":\"2 cores\",\"result\":" + result + "}");
    }
}
