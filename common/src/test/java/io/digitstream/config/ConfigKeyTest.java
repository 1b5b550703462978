package io.digitstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    private static final ConfigKey<Integer> COUNT = ConfigKey.integer("digits.test.count", 10, 1, 100, "a count");
    private static final ConfigKey<Duration> DELAY = ConfigKey.duration("digits.test.delay", Duration.ofSeconds(1),
            Duration.ofMillis(50), Duration.ofHours(1), "a delay");

    @Test
    void anIntegerIsTakenFromItsMinimumToItsMaximumAndRefusedOutside() {
        assertThatThrownBy(() -> COUNT.parse("0")).isInstanceOf(ConfigurationException.class)
                .hasMessage("digits.test.count=0 is out of range: allowed 1..100");
        assertThat(COUNT.parse("1")).isEqualTo(1);
        assertThat(COUNT.parse(" 100 ")).isEqualTo(100);
        assertThatThrownBy(() -> COUNT.parse("101")).hasMessage("digits.test.count=101 is out of range: allowed 1..100");
        assertThatThrownBy(() -> COUNT.parse("ten")).isInstanceOf(ConfigurationException.class)
                .hasMessage("digits.test.count=ten is not an integer (allowed 1..100)");
        assertThatThrownBy(() -> COUNT.check(0)).hasMessageContaining("allowed 1..100");
    }

    @Test
    void aDurationIsTakenInEveryFormWithinItsRange() {
        assertThat(DELAY.parse("50ms")).isEqualTo(Duration.ofMillis(50));
        assertThat(DELAY.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DELAY.parse("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DELAY.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> DELAY.parse("49ms")).hasMessage("digits.test.delay=49ms is out of range: allowed 50ms..1h");
        assertThatThrownBy(() -> DELAY.parse("3600001")).hasMessageContaining("allowed 50ms..1h");
        assertThatThrownBy(() -> DELAY.parse("soon")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("digits.test.delay=soon is not a duration");
        assertThat(DELAY.defaultText()).isEqualTo("1s");
    }

    @Test
    void aBooleanIsTrueOrFalseAndNothingElse() {
        ConfigKey<Boolean> flag = ConfigKey.bool("digits.test.flag", true, "a flag");
        assertThat(flag.parse("FALSE")).isFalse();
        assertThat(flag.parse("true")).isTrue();
        assertThatThrownBy(() -> flag.parse("yes")).isInstanceOf(ConfigurationException.class)
                .hasMessage("digits.test.flag=yes is not true or false");
    }

    @Test
    void unsetOrBlankGivesTheDefaultExceptForTextWhereEmptyIsAValue() {
        assertThat(COUNT.get(Map.of())).isEqualTo(10);
        assertThat(COUNT.get(Map.of(COUNT.name(), " "))).isEqualTo(10);
        assertThat(COUNT.get(Map.of(COUNT.name(), "7"))).isEqualTo(7);
        ConfigKey<String> routes = ConfigKey.text("digits.test.routes", "a=b", "routes");
        assertThat(routes.get(Map.of(routes.name(), ""))).isEmpty();
    }

    @Test
    void aDerivedDefaultIsDescribedAndLeftToTheReader() {
        ConfigKey<Integer> derived = ConfigKey.integer("digits.test.bytes", null, 1, Integer.MAX_VALUE, "bytes")
                .derivedDefault("the record value limit");
        assertThat(derived.hasFixedDefault()).isFalse();
        assertThat(derived.defaultText()).isEqualTo("the record value limit");
        assertThat(derived.range()).isEqualTo("at least 1");
        assertThat(derived.find(Map.<String, String>of())).isEmpty();
        assertThat(derived.find(Map.of(derived.name(), "5"))).contains(5);
        assertThatThrownBy(() -> derived.get(Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDefaultOutsideItsOwnRangeIsABug() {
        assertThatThrownBy(() -> ConfigKey.integer("digits.test.bad", 0, 1, 2, "bad"))
                .hasMessageContaining("digits.test.bad=0 is out of range");
        assertThatThrownBy(() -> ConfigKey.integer("kafka.key", 1, 1, 2, "not ours")).hasMessageContaining("digits.");
    }
}
