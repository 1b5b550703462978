package io.digitstream.cli.bench;

import io.digitstream.schemas.DigitImage;
import io.digitstream.tools.publish.Pacer;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Sends images to a rate, each stamped (its capture time) with when it was due, not when it was sent. A sender that
 * blocks (a full producer buffer, a slow broker) delays every image due meanwhile, and their latency must include that
 * wait; stamped at the actual send, they would all look fast, so the benchmark would time only the images that were
 * not held up ("coordinated omission"). Unpaced (rate 0) there is no schedule: the stamp is the time of the send.
 */
final class ScheduledSends {

    /** Makes image {@code index} with {@code stamp} as its capture time. */
    interface ImageAt {
        DigitImage image(int index, Instant stamp);
    }

    private ScheduledSends() {
    }

    /**
     * @param perSecond images per second; 0 for as fast as {@code send} goes
     * @param send      sends one image; may block
     */
    static void run(int count, double perSecond, BenchClock clock, ImageAt imageAt, Consumer<DigitImage> send)
            throws InterruptedException {
        Pacer pacer = new Pacer(perSecond);
        for (int i = 0; i < count; i++) {
            long due = pacer.awaitTurn(i);
            send.accept(imageAt.image(i, BenchClock.instant(clock.micros(due))));
        }
    }
}
