package io.digitstream.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.metrics.DriftReference;
import io.digitstream.model.ColourScans;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import io.digitstream.testing.MnistFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code evaluate --drift-reference} on a copy of the shipped model whose metadata predates drift references, and
 * {@code evaluate --drift-windows} with the reference it wrote: on a folder of 12 colour scans plus 2 the stream
 * dead-letters.
 */
class DriftReferenceCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, String out) {
    }

    private static Run evaluate(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new EvaluateCommand()).execute(args);
        } finally {
            System.setOut(saved);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheReferenceIntoOldMetadataSoTheModelStillVerifiesAndTheSameRunWritesTheSame(@TempDir Path dir) throws Exception {
        Path scans = ColourScans.write(dir.resolve("scans"), MnistFixture.test500(), 12);
        ColourScans.addRejected(scans);
        Path shipped = ModelLocator.defaultModelPath();
        Path model = dir.resolve("model.zip");
        Files.copy(shipped, model);
        ObjectNode old = (ObjectNode) JSON.readTree(ModelMetadata.pathFor(shipped).toFile());
        old.remove("driftReference");
        Files.writeString(ModelMetadata.pathFor(model), old.toString());
        assertThat(DigitModel.load(model).metadata().driftReference()).as("metadata without a reference loads").isNull();

        Run withoutReference = evaluate("--drift-windows", "5", "--model", model.toString(), "--dataset", "dir:" + scans);
        assertThat(withoutReference.exit()).isEqualTo(2);

        String dataset = "dir:" + scans;
        assertThat(evaluate("--drift-reference", "--model", model.toString(), "--dataset", dataset).exit()).isZero();
        DigitModel updated = DigitModel.load(model); // still the file its SHA-256 names
        DriftReference reference = updated.metadata().driftReference();
        assertThat(reference.dataset()).isEqualTo(dataset);
        assertThat(reference.comparable()).isTrue();
        assertThat(reference.classes().stream().mapToLong(Long::longValue).sum()).as("the classified scans").isEqualTo(12);
        assertThat(reference.confidence().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);
        assertThat(updated.metadata().withDriftReference(null)).as("nothing else changed")
                .isEqualTo(DigitModel.load(shipped).metadata().withDriftReference(null));

        byte[] first = Files.readAllBytes(ModelMetadata.pathFor(model));
        assertThat(evaluate("--drift-reference", "--model", model.toString(), "--dataset", dataset).exit()).isZero();
        assertThat(Files.readAllBytes(ModelMetadata.pathFor(model))).as("deterministic").isEqualTo(first);

        // the same scans against their own reference, in one window of 12: the same distribution
        Run windows = evaluate("--drift-windows", "12", "--model", model.toString(), "--dataset", dataset);
        assertThat(windows.exit()).isZero();
        List<String> lines = windows.out().lines().toList();
        JsonNode result = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(result.get("windows").asInt()).isEqualTo(1);
        assertThat(result.get("confidencePsiMax").asDouble()).isZero();
        assertThat(result.get("classPsiMax").asDouble()).isZero();
        Run turned = evaluate("--drift-windows", "12", "--model", model.toString(), "--dataset", dataset, "--change", "rot90");
        assertThat(turned.exit()).as("colour scans are PNG: a change applies to GRAY8 images only").isNotZero();
    }
}
