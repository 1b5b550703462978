package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentWindowTest {

    @Test
    void isTheOldestWindowThatHoldsTheLatestOutcome() {
        // 30 s windows every 10 s; the latest outcome at 65 s is in the windows starting at 40, 50, 60 s.
        List<Long> starts = List.of(0L, 10_000L, 20_000L, 30_000L, 40_000L, 50_000L, 60_000L);
        assertThat(CurrentWindow.of(starts, s -> s, Duration.ofSeconds(30))).contains(40_000L);
        assertThat(CurrentWindow.of(List.of(60_000L), s -> s, Duration.ofSeconds(30))).contains(60_000L);
        assertThat(CurrentWindow.of(List.<Long>of(), s -> s, Duration.ofSeconds(30))).isEmpty();
    }
}
