package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --engine} and {@code --model-route}: a wrong engine or route refuses to start, exit code 1 and one line
 * naming the problem, before Kafka is contacted. With engine-onnx on the launcher's class path, the ONNX engines are
 * available.
 */
class ServeEngineAndRoutesTest {

    private static CommandRun serve(String... args) {
        List<String> all = new ArrayList<>(List.of("serve", "--bootstrap-server", "127.0.0.1:1", "--http-port", "0"));
        all.addAll(List.of(args));
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void theOnnxEnginesAreAvailableToTheLauncher() {
        assertThat(Engines.available()).containsExactly("auto", "dl4j", "onnx", "onnx-int8");
    }

    @Test
    void anUnknownEngineIsRefused() {
        CommandRun run = serve("--engine", "tpu");

        assertThat(run.exitCode()).as("a configuration error").isEqualTo(78);
        assertThat(run.err()).startsWith("digits serve: ")
                .contains("unknown inference engine 'tpu' (digits.engine); available: auto, dl4j, onnx, onnx-int8");
    }

    @Test
    void aMalformedRouteIsRefused() {
        CommandRun run = serve("--model-route", "rot*");

        assertThat(run.exitCode()).as("a configuration error").isEqualTo(78);
        assertThat(run.err()).startsWith("digits serve: ")
                .contains("digits.model.routes: entry 'rot*' is not SOURCE_GLOB=MODEL_PATH");
    }

    @Test
    void aRouteToAMissingModelIsRefused(@TempDir Path dir) {
        Path missing = dir.resolve("mnist-rot.zip");

        CommandRun run = serve("--model-route", "rot*=" + missing, "--model-route", "scanner-7=" + dir.resolve("also-missing.zip"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits serve: ").contains("model route rot*=" + missing + " (digits.model.routes)")
                .contains("model file not found");
    }
}
