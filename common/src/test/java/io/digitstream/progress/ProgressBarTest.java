package io.digitstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void drawsOnlyTheFinishedBarWhenDoneWithinARedrawInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "mnist-test");

        for (int done = 1; done <= 1000; done++) {
            bar.progress(done, 1000);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(output.chars().filter(c -> c == '\r').count()).isEqualTo(1);
        assertThat(output).contains("mnist-test [" + "=".repeat(30) + "] 100% 1,000/1,000").endsWith(System.lineSeparator());
    }

    @Test
    void formatsEta() {
        assertThat(ProgressBar.format(Duration.ofSeconds(75))).isEqualTo("1m15s");
        assertThat(ProgressBar.format(Duration.ofMinutes(135))).isEqualTo("2h15m");
    }
}
