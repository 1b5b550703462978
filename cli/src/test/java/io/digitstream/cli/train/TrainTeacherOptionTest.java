package io.digitstream.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.cli.CommandRun;
import io.digitstream.command.ExitCodes;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --teacher} distils into a model trained on files, from one model or from several read as one; with
 * {@code --from-kafka} it is refused, not ignored.
 */
class TrainTeacherOptionTest {

    @Test
    void aTeacherDoesNotGoWithTrainingFromKafka() {
        long start = System.nanoTime();

        CommandRun run = CommandRun.of("train", "--from-kafka", "--bootstrap-server", "127.0.0.1:1",
                "--teacher", "models/mnist-cnn.zip");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--teacher distils into a model trained on files; it does not go with --from-kafka");
        assertThat(System.nanoTime() - start).as("refused before reaching for a broker").isLessThan(20_000_000_000L);
    }

    @Test
    void severalTeachersTeachAsOneAndTheMetadataNamesEach(@TempDir Path dir) throws Exception {
        Path cnn = ModelLocator.defaultModelPath();
        Path clean = cnn.resolveSibling("mnist-clean.zip");
        Path student = dir.resolve("student.zip");

        CommandRun run = CommandRun.of("train", "--epochs", "1", "--batch", "50", "--limit", "200",
                "--validation", "50", "--test-limit", "200", "--teacher", cnn + "," + clean, "--output", student.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        ModelMetadata metadata = ModelMetadata.read(student);
        String cnnVersion = ModelMetadata.read(cnn).version();
        String cleanVersion = ModelMetadata.read(clean).version();
        assertThat(metadata.parameters().distillation().teacher())
                .startsWith(cnnVersion + " (sha256 ").contains(" + " + cleanVersion + " (sha256 ");
        assertThat(metadata.reproduce()).contains(" --teacher " + cnn + "," + clean + " --distill 0.5");
    }
}
