package io.digitstream.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The paced phases of {@code bench e2e}, run one after the other once the maximum is measured, each for {@code seconds}
 * (the burst for its own {@value TargetRate#BURST_SECONDS} s). The half rate is always one of them (the
 * {@code halfRate*} fields of the JSON): appended when the list lacks it.
 */
record RateSweep(List<TargetRate> rates, int seconds) {

    static final int MAX_SECONDS = 3_600;

    RateSweep {
        checkSeconds(seconds);
        rates = List.copyOf(rates);
    }

    static void checkSeconds(int seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("seconds per rate must be from 1 to " + MAX_SECONDS + ", not " + seconds);
        }
    }

    /** What {@code bench e2e} runs without {@code --rates}: the half rate alone. */
    static RateSweep halfRate(int seconds) {
        return new RateSweep(List.of(TargetRate.HALF), seconds);
    }

    /** @throws IllegalArgumentException for an empty list or a rate that is not one, saying why */
    static RateSweep parse(List<String> texts, int seconds) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no rate given; e.g. 25%,50%,100%,burst");
        }
        List<TargetRate> rates = new ArrayList<>();
        for (String text : texts) {
            rates.add(TargetRate.parse(text));
        }
        if (rates.stream().noneMatch(TargetRate::isHalf)) {
            rates.add(TargetRate.HALF);
        }
        return new RateSweep(rates, seconds);
    }

    /** The first half-rate phase. */
    int halfRateIndex() {
        for (int i = 0; i < rates.size(); i++) {
            if (rates.get(i).isHalf()) {
                return i;
            }
        }
        throw new IllegalStateException("no half rate in " + rates);
    }
}
