package io.digitstream.cli.demo;

import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.schemas.Prediction;
import io.digitstream.verify.OutputLedger;
import java.io.PrintStream;

/** The demo's live status line: published, classified, dead letters, rate and running accuracy. */
final class ProgressLine {

    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream out;
    private final int total;
    private final long started = System.nanoTime();
    private long lastDraw;

    ProgressLine(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void update(int published, OutputLedger ledger) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(published, ledger, "\r");
        }
    }

    void finish(int published, OutputLedger ledger) {
        draw(published, ledger, "\r");
        out.println();
    }

    private void draw(int published, OutputLedger ledger, String prefix) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        int classified = ledger.predictions().size();
        ConfusionMatrix confusion = new ConfusionMatrix();
        for (Prediction p : ledger.predictions().values()) {
            if (p.getLabel() != null) {
                confusion.add(p.getLabel(), p.getDigit());
            }
        }
        out.printf("%spublished %,d/%,d | classified %,d | dead letters %,d | %,.0f img/s | accuracy %.4f   ", prefix,
                published, total, classified, ledger.deadLetters().size(), classified / seconds,
                confusion.metrics().accuracy());
        out.flush();
    }
}
