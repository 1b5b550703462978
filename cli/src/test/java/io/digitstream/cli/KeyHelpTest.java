package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.http.HttpConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options that stand for a digits.* key show the key's declared doc and default, not a copy. */
class KeyHelpTest {

    private static String help(String... command) {
        CommandLine digits = Digits.commandLine();
        StringWriter out = new StringWriter();
        digits.setOut(new PrintWriter(out, true));
        digits.setUsageHelpWidth(1000); // one line per option: picocli wraps even inside a key name
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                .toArray(String[]::new);
        assertThat(digits.execute(args)).isZero();
        return out.toString().replaceAll("\\s+", " ");
    }

    @Test
    void serveShowsTheDeclarationsOfItsKeys() {
        assertThat(help("serve"))
                .contains("digits.http.port; " + HttpConfig.PORT.range() + "; default: " + HttpConfig.PORT.defaultValue())
                .contains("digits.http.host; default: " + HttpConfig.HOST.defaultValue())
                .contains("digits.engine; default: " + ServiceConfig.ENGINE.defaultValue())
                .contains(HttpConfig.PORT.doc().substring(1));
    }

    /** The benches run what serve runs: their options name the key whose value (serve's) they default to. */
    @Test
    void benchTakesTheServicesDefaultsFromTheKeys() {
        assertThat(help("bench", "e2e"))
                .contains("--batch=<batch> Micro-batch size (default: serve's, " + ServiceConfig.BATCH_SIZE.name() + ")")
                .contains("(default: serve's, " + ServiceConfig.BATCH_MAX_DELAY_MS.name() + ")")
                .contains("--engine=<engine> " + ServiceConfig.ENGINE.name());
        assertThat(help("bench", "engine")).contains("(default: serve's, digits.engine.onnx.threads)");
    }
}
