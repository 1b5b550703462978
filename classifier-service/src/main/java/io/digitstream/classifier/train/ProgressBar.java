package io.digitstream.classifier.train;

import java.io.PrintStream;
import java.time.Duration;

/** A one-line terminal progress bar with rate and ETA, redrawn at most a few times per second. */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDraw;

    public ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public void update(long done, String suffix) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : 0;
        int filled = (int) (WIDTH * done / Math.max(1, total));
        out.printf("\r%s [%s%s] %3d%% %,8.0f img/s ETA %s %s", label, "=".repeat(filled), " ".repeat(WIDTH - filled),
                100 * done / Math.max(1, total), rate, format(Duration.ofSeconds(etaSeconds)), suffix);
        out.flush();
    }

    public void finish(String summary) {
        out.printf("\r%s %s%s%n", label, summary, " ".repeat(WIDTH + 30));
        out.flush();
    }

    static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
