package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's demo, small: real MNIST test images through an embedded broker and the shipped model. */
class DemoCommandIT {

    @Test
    void streamsImagesThroughKafkaAndPrintsOnlyTheMetricsJson() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Digits()).execute("demo", "--limit", "400", "--json");
        } finally {
            System.setOut(original);
        }
        // standard output holds the JSON alone (progress and the broker's own reports go to standard error), so
        // `demo --json | jq` works
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).as(captured.toString(StandardCharsets.UTF_8)).hasSize(1);
        JsonNode metrics = new ObjectMapper().readTree(lines[0]);

        assertThat(exit).isZero();
        assertThat(metrics.get("dataset").asText()).isEqualTo("mnist-test");
        assertThat(metrics.get("n").asInt()).isEqualTo(400);
        assertThat(metrics.get("accuracy").asDouble()).isGreaterThan(0.95);
        assertThat(metrics.get("kappa").asDouble()).isGreaterThan(0.9);
        assertThat(metrics.get("lost").asInt()).isZero();
        assertThat(metrics.get("duplicated").asInt()).isZero();
        assertThat(metrics.get("confusion")).hasSize(10);
        long total = 0;
        for (JsonNode row : metrics.get("confusion")) {
            assertThat(row).hasSize(10);
            for (JsonNode cell : row) {
                total += cell.asLong();
            }
        }
        assertThat(total).isEqualTo(400);
        // where the wall time went, phase by phase, in order; the phases follow each other, so they fit in it
        JsonNode phases = metrics.get("phaseSeconds");
        assertThat(phases.fieldNames()).toIterable()
                .containsExactly("modelAndImages", "brokerAfterThat", "serviceToRunning", "stream");
        double sum = 0;
        for (JsonNode phase : phases) {
            assertThat(phase.asDouble()).isNotNegative();
            sum += phase.asDouble();
        }
        assertThat(sum).isLessThanOrEqualTo(metrics.get("wallSeconds").asDouble());
        assertThat(phases.get("stream").asDouble()).isEqualTo(metrics.get("streamSeconds").asDouble());
    }
}
