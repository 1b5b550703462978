package io.digitstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime starts in a JVM whose command line is long: it matches the command line with a recursive regular
 * expression, which overflowed a Java thread's default stack (SIGSEGV, exit 139) from about 3.5 KB past
 * {@code bin/digits}'s own. The child JVM gets a 30 KB {@code -D} value, and its class path from an argument file.
 */
class OnnxStartTest {

    @Test
    void theEngineOpensUnderALongCommandLine(@TempDir Path dir) throws Exception {
        Path classPath = Files.writeString(dir.resolve("classpath"), "\"" + System.getProperty("java.class.path")
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx1g", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "-Dlong.value=" + "x".repeat(30_000), "-cp", "@" + classPath, OnnxStart.class.getName(),
                ModelLocator.defaultModelPath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("digit ");
    }

    /** Opens the shipped model on ONNX Runtime and classifies one blank image. */
    static final class OnnxStart {
        public static void main(String[] args) throws Exception {
            try (OnnxDigitModel onnx = OnnxDigitModel.of(DigitModel.load(Path.of(args[0])), 1)) {
                float[] scores = onnx.classify(new float[1][DigitModel.INPUTS])[0];
                System.out.println("digit " + io.digitstream.model.Scores.argmax(scores));
            }
        }
    }
}
