package io.digitstream.cli.bench;

import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.model.ModelLocator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code digits serve} in its own JVM, as in production: so its memory can be measured alone and it
 * can be killed with SIGKILL mid-batch. Uses this JVM's class path and java binary.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final CountDownLatch running = new CountDownLatch(1);
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread pump = new Thread(this::pumpOutput, "service-" + process.pid() + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code serve} with the given properties file; its output goes to {@code log}. */
    public static ServiceProcess start(Path config, Path log, String heap) throws IOException {
        return start(config, log, heap, List.of());
    }

    /** As {@link #start(Path, Path, String)}, with more options for the JVM (e.g. a flight recording). */
    public static ServiceProcess start(Path config, Path log, String heap, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "-cp", "@" + classPathFile(log.resolveSibling(log.getFileName() + ".classpath")),
                "io.digitstream.cli.Digits", "serve", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1"); // as bin/digits serve does
        Process process = builder.start();
        return new ServiceProcess(process, log);
    }

    /**
     * What {@code serve --config config} reads, as it reads it (the child inherits this JVM's environment): so that a
     * check classifies offline with the models and engine the service under test runs
     * ({@link ClassifierService#loadModels}).
     */
    public static ServiceConfig config(Path config) {
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), config, System.getenv(), Map.of()),
                ModelLocator.defaultModelPath());
    }

    /**
     * This JVM's class path in a java argument file, so that the child's command line stays short whatever the class
     * path (a test's holds hundreds of jars): ONNX Runtime matches the command line at start (see
     * {@code OnnxDigitModel.environment()}), and a short one is also what {@code bin/digits} gives.
     */
    static Path classPathFile(Path file) throws IOException {
        // Argument files treat backslashes and quotes specially; quoting the whole path keeps any directory name intact.
        String classPath = System.getProperty("java.class.path").replace("\\", "\\\\").replace("\"", "\\\"");
        return Files.writeString(file, "\"" + classPath + "\"\n");
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.contains("classifier state REBALANCING -> RUNNING")) {
                    running.countDown();
                }
            }
        } catch (IOException e) {
            // the process died; its exit is observed by the caller
        }
    }

    /** Waits until Kafka Streams is RUNNING; false after {@code timeout}, or at once when the process has exited. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (running.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (!process.isAlive()) { // e.g. a refused model or engine: no point waiting out the timeout
                return running.await(1, TimeUnit.SECONDS);
            }
        }
        return running.getCount() == 0;
    }

    /** The exit code, or null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Peak resident set size (VmHWM) so far, in MB; -1 where /proc is unavailable. */
    public double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time the service's process has used so far (all its threads), in seconds; -1 where the OS does not say. */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(-1.0);
    }

    /** SIGKILL: no shutdown hook, no clean close, buffers and open transactions left as they are. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait: the service's shutdown hook closes Kafka Streams cleanly. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
