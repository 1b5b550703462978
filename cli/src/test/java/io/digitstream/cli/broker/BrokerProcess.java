package io.digitstream.cli.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code digits broker} in its own JVM, as a user runs it: so it can be stopped with a signal and its exit code read. */
final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final StringBuffer output = new StringBuffer();

    private BrokerProcess(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pumpOutput, "broker-" + process.pid() + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    static BrokerProcess start(Path dataDir, int port, int controllerPort) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.digitstream.cli.Digits", "broker", "--data-dir", dataDir.toString(), "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort)));
        return new BrokerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith("broker ready on ")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Whether it printed its ready line within {@code timeout}; false at once when it exited first. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (ready.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return ready.await(1, TimeUnit.SECONDS);
    }

    /**
     * The signal Ctrl-C sends, INT, unless this JVM was started with INT ignored (a background job of a
     * non-interactive shell, e.g. {@code (./mvnw verify &)}): the broker inherits that and cannot see INT at all, as
     * any program there, so the stop is asked with TERM, which the same handler serves.
     */
    static String ctrlC() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (java.nio.file.Files.isReadable(status)) {
            for (String line : java.nio.file.Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                    return (ignored & (1L << (2 - 1))) != 0 ? "TERM" : "INT"; // SIGINT is signal 2
                }
            }
        }
        return "INT";
    }

    /** Sends {@code signal} (INT as Ctrl-C does, TERM) and returns the exit code. */
    int stop(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        return exitCode(Duration.ofSeconds(60));
    }

    /** The exit code once it has ended, waiting at most {@code timeout}; -1 if it still runs. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        Thread.sleep(200); // the last lines through the pump
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
