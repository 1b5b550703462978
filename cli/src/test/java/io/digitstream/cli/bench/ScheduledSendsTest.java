package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import org.junit.jupiter.api.Test;

/** Coordinated omission: a sender blocked for a second must show in the latencies, not hide. */
class ScheduledSendsTest {

    private static final int RATE = 1_000;
    private static final int IMAGES = 3_000;
    private static final int BLOCKED_AT = 1_000;

    @Test
    void aBlockedSenderDelaysEveryImageDueMeanwhileAndTheP99ShowsIt() throws InterruptedException {
        BenchClock clock = new BenchClock();
        LatencyHistogram fromSchedule = new LatencyHistogram();
        LatencyHistogram fromActualSend = new LatencyHistogram();

        ScheduledSends.run(IMAGES, RATE, clock, ScheduledSendsTest::image, image -> {
            long sendCalled = clock.micros();
            if (image.getId().equals("i-" + BLOCKED_AT)) {
                sleep(1_000); // as a producer blocks on a full buffer
            }
            long visible = clock.micros(); // an instant classifier: all latency is the sender's
            fromSchedule.recordMicros(visible - BenchClock.micros(image.getCaptureTime()));
            fromActualSend.recordMicros(visible - sendCalled);
        });

        // The ~1,000 images due during the blocked second waited up to a second each: a third of all.
        assertThat(fromSchedule.count()).isEqualTo(IMAGES);
        assertThat(fromSchedule.percentileMillis(99)).isGreaterThan(900);
        assertThat(fromSchedule.percentileMillis(50)).isLessThan(100);
        assertThat(fromSchedule.maxMillis()).isBetween(1_000.0, 1_500.0);
        // Timed from the actual send (the old way), only the one blocked send is slow and p99 sees nothing.
        assertThat(fromActualSend.percentileMillis(99)).isLessThan(100);
    }

    @Test
    void unpacedImagesAreStampedWithTheirSendTime() throws InterruptedException {
        BenchClock clock = new BenchClock();
        long before = clock.micros();
        ScheduledSends.run(3, 0, clock, ScheduledSendsTest::image, image -> {
            long stamp = BenchClock.micros(image.getCaptureTime());
            assertThat(stamp).isBetween(before, clock.micros());
            sleep(100);
        });

        assertThat(clock.micros() - before).isGreaterThanOrEqualTo(300_000);
    }

    private static DigitImage image(int index, java.time.Instant stamp) {
        return DigitRecords.of("i-" + index, "test", stamp, PixelEncoding.GRAY8, 1, 1, new byte[1], null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
