package io.digitstream.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A one-line progress bar with rate and ETA, redrawn in place at most four times a second. */
public final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final String label;
    private final long started = System.nanoTime();
    /** The first draw waits a redraw interval too: the rate of the first few records says little. */
    private long lastDraw = started;

    public ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    /** A bar on stderr when that is a terminal or {@code evenIfRedirected}; else no progress output at all. */
    public static ProgressListener onStderr(String label, boolean evenIfRedirected) {
        return evenIfRedirected || stderrIsTerminal() ? new ProgressBar(System.err, label) : ProgressListener.NONE;
    }

    @Override
    public void progress(long done, long total) {
        progress(done, total, "");
    }

    /** Like {@link #progress(long, long)}, with a short detail such as the running loss after the ETA. */
    public void progress(long done, long total, String detail) {
        long now = System.nanoTime();
        boolean finished = done >= total;
        if (!finished && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double rate = done / Math.max(1e-9, (now - started) / 1e9);
        String eta = rate > 0 ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "?";
        long percent = 100 * done / Math.max(1, total);
        int filled = (int) (WIDTH * percent / 100);
        out.printf("\r%s [%s%s] %3d%% %,d/%,d %,.0f/s ETA %s %s", label, "=".repeat(filled), " ".repeat(WIDTH - filled),
                percent, done, total, rate, eta, detail);
        if (finished) {
            out.println();
        }
        out.flush();
    }

    static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }

    /** Java 17 can only ask whether stdin and stdout are terminals, so ask Linux where stderr points. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
