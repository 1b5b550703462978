package io.digitstream.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real programs through {@code sh}. */
class ExternalCommandTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path workDir;

    @Test
    void runsInTheWorkingDirectoryAndReturnsStdoutAndStderr() throws IOException {
        String output = sh("touch made-here; echo to stdout; echo to stderr >&2").run();

        assertThat(workDir.resolve("made-here")).exists();
        assertThat(output).isEqualTo("to stdout\nto stderr");
    }

    @Test
    void aNonZeroExitNamesTheCommandItsStatusAndWhatItSaid() {
        assertThatThrownBy(() -> sh("echo E: Unable to locate package; exit 100").run())
                .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                    assertThat(e.started()).isTrue();
                    assertThat(e.exitCode()).isEqualTo(100);
                    assertThat(e.outputTail()).isEqualTo("E: Unable to locate package");
                })
                .hasMessage("`sh -c echo E: Unable to locate package; exit 100` exited with 100 in " + workDir
                        + ": E: Unable to locate package");
        assertThatThrownBy(() -> sh("exit 1").run()).hasMessageEndingWith(" (no output)");
    }

    /** The failure message keeps the last OUTPUT_TAIL_CHARS characters: one less, exactly that many, one more. */
    @Test
    void keepsTheTailOfTheOutputUpToItsLimit() {
        int limit = ExternalCommand.OUTPUT_TAIL_CHARS;
        assertThat(tailOfFailingCommandSaying("A" + "x".repeat(limit - 2))).isEqualTo("A" + "x".repeat(limit - 2));
        assertThat(tailOfFailingCommandSaying("A" + "x".repeat(limit - 1))).isEqualTo("A" + "x".repeat(limit - 1));
        assertThat(tailOfFailingCommandSaying("A" + "x".repeat(limit))).isEqualTo("x".repeat(limit));
    }

    @Test
    void drainsAnOutputFarLargerThanThePipeAndKeepsOnlyItsTail() throws IOException {
        String output = sh("head -c 5000000 /dev/zero | tr '\\0' y; echo; echo the end").run();

        assertThat(output).hasSize(ExternalCommand.OUTPUT_TAIL_CHARS).endsWith("y\nthe end");
    }

    @Test
    void aCommandPastItsTimeoutIsKilled() throws IOException {
        assertThat(new ExternalCommand(workDir, Duration.ofSeconds(5), "sh", "-c", "sleep 0.2; echo done").run())
                .isEqualTo("done");

        long start = System.nanoTime();
        assertThatThrownBy(() -> new ExternalCommand(workDir, Duration.ofSeconds(1), "sh", "-c",
                "echo started; sleep 30").run())
                .isInstanceOfSatisfying(CommandFailedException.class, e -> assertThat(e.exitCode()).isNull())
                // The shell may report its killed child ("Killed") before it is killed itself: output after "started".
                .hasMessageStartingWith("`sh -c echo started; sleep 30` did not finish within 1 s: started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aMissingProgramIsReportedAsNotStarted() {
        assertThatThrownBy(() -> new ExternalCommand(workDir, MINUTE, "digit-stream-no-such-program", "x").run())
                .isInstanceOfSatisfying(CommandFailedException.class, e -> assertThat(e.started()).isFalse())
                .hasMessageStartingWith("cannot run `digit-stream-no-such-program x`: ");
    }

    private String tailOfFailingCommandSaying(String text) {
        try {
            new ExternalCommand(workDir, MINUTE, "sh", "-c", "printf %s \"$1\"; exit 1", "sh", text).run();
        } catch (CommandFailedException e) {
            return e.outputTail();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the command did not fail");
    }

    private ExternalCommand sh(String script) {
        return new ExternalCommand(workDir, MINUTE, "sh", "-c", script);
    }
}
