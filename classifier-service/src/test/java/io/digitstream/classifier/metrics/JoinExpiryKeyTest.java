package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys of the join's expiry index (a changelogged store): the time in 19 zero-padded digits, a space, the id. */
class JoinExpiryKeyTest {

    @Test
    void theTimeIsZeroPaddedToNineteenDigits() {
        assertThat(LabelJoinProcessor.expiryKey(1234, "img-1")).isEqualTo("0000000000000001234 img-1");
        assertThat(LabelJoinProcessor.expiryKey(0, "a")).isEqualTo("0000000000000000000 a");
        assertThat(LabelJoinProcessor.expiryKey(-5, "a")).as("before the epoch: 0").isEqualTo("0000000000000000000 a");
        // 18, 19 digits, and the largest time
        assertThat(LabelJoinProcessor.expiryKey(999_999_999_999_999_999L, "x")).isEqualTo("0999999999999999999 x");
        assertThat(LabelJoinProcessor.expiryKey(1_000_000_000_000_000_000L, "x")).isEqualTo("1000000000000000000 x");
        assertThat(LabelJoinProcessor.expiryKey(Long.MAX_VALUE, "x")).isEqualTo("9223372036854775807 x");
        assertThat(LabelJoinProcessor.expiryKey(7, "")).isEqualTo("0000000000000000007 ");
    }

    @Test
    void keysSortByTime() {
        List<String> keys = new ArrayList<>();
        for (long time : new long[] {Long.MAX_VALUE, 10, 9, 1_000_000, 0, 99}) {
            keys.add(LabelJoinProcessor.expiryKey(time, "id"));
        }
        keys.sort(null);
        assertThat(keys).extracting(k -> Long.parseLong(k.substring(0, LabelJoinProcessor.EXPIRY_DIGITS)))
                .containsExactly(0L, 9L, 10L, 99L, 1_000_000L, Long.MAX_VALUE);
    }
}
