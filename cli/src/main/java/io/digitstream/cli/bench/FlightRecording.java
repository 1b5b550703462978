package io.digitstream.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JDK Flight Recorder recording of a benchmark's JVM: the JDK's "profile" settings, Java and native method samples
 * every 10 ms and each thread's CPU every second, read by {@link ProfileSummary} (or {@code jfr print}, JDK Mission
 * Control).
 */
final class FlightRecording implements AutoCloseable {

    static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);
    /** Each thread's CPU is read this often (the profile settings: every 10 s, too coarse for a short phase). */
    static final Duration CPU_LOAD_PERIOD = Duration.ofSeconds(1);

    private final Recording recording;
    private final Path file;

    private FlightRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Options that make a child JVM record from its start and write {@code file} when it exits (SIGTERM included). */
    static List<String> jvmOptions(Path file) {
        return List.of("-XX:StartFlightRecording=filename=" + file.toAbsolutePath() + ",settings=profile,dumponexit=true,"
                + "jdk.ExecutionSample#period=" + SAMPLE_PERIOD.toMillis() + "ms,"
                + "jdk.NativeMethodSample#period=" + SAMPLE_PERIOD.toMillis() + "ms,"
                + "jdk.ThreadCPULoad#period=" + CPU_LOAD_PERIOD.toSeconds() + "s");
    }

    /** Starts recording this JVM; {@link #close()} writes {@code file}. */
    static FlightRecording start(Path file) throws IOException {
        Recording recording;
        try {
            recording = new Recording(Configuration.getConfiguration("profile"));
        } catch (ParseException e) {
            throw new IOException("the JDK's JFR profile settings could not be read", e);
        }
        recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
        recording.enable("jdk.NativeMethodSample").withPeriod(SAMPLE_PERIOD);
        recording.enable("jdk.ThreadCPULoad").withPeriod(CPU_LOAD_PERIOD);
        recording.setName("digits-bench");
        recording.start();
        return new FlightRecording(recording, file);
    }

    Path file() {
        return file;
    }

    /** Stops and writes the recording. */
    @Override
    public void close() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
    }
}
