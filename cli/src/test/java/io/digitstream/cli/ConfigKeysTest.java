package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.DigitsKeys;
import io.digitstream.config.Durations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every digits.* key of the application (all modules are on this class path), as bin/digits sees them. */
class ConfigKeysTest {

    private static final List<ConfigKey<?>> KEYS = DigitsKeys.all();

    @Test
    void theKeysOfEveryModuleAreThere() {
        assertThat(KEYS).extracting(ConfigKey::name).contains("digits.topic.images", "digits.batch.size",
                "digits.metrics.join.window", "digits.http.port", "digits.health.failures.max", "digits.engine.onnx.threads")
                .doesNotHaveDuplicates().allMatch(name -> name.startsWith("digits."));
    }

    @Test
    void everyKeyHasADocAndADefaultThatItsOwnParserReadsBack() {
        for (ConfigKey<?> key : KEYS) {
            assertThat(key.doc()).as(key.name()).isNotBlank();
            if (key.hasFixedDefault()) {
                if (!key.defaultText().isEmpty()) {
                    assertThat((Object) key.parse(key.defaultText())).as(key.name()).isEqualTo(key.defaultValue());
                }
            } else {
                assertThat(key.defaultText()).as("the derived default of " + key.name() + " is described").isNotBlank();
            }
        }
    }

    @Test
    void everyIntegerKeyTakesItsLimitsAndRefusesOneBeyond() {
        for (ConfigKey<?> key : KEYS) {
            if (key.min() instanceof Integer min) {
                int max = (Integer) key.max();
                assertThat((Object) key.parse(Integer.toString(min))).as(key.name()).isEqualTo(min);
                assertThat((Object) key.parse(Integer.toString(max))).as(key.name()).isEqualTo(max);
                assertRefused(key, Long.toString(min - 1L));
                assertRefused(key, Long.toString(max + 1L));
                if (min < max) {
                    assertThat((Object) key.parse(Integer.toString(min + 1))).as(key.name()).isEqualTo(min + 1);
                    assertThat((Object) key.parse(Integer.toString(max - 1))).as(key.name()).isEqualTo(max - 1);
                }
            }
        }
    }

    @Test
    void everyDurationKeyTakesItsLimitsAndRefusesOneMillisecondBeyond() {
        for (ConfigKey<?> key : KEYS) {
            if (key.min() instanceof Duration min) {
                assertThat((Object) key.parse(min.toMillis() + "ms")).as(key.name()).isEqualTo(min);
                assertThat((Object) key.parse(min.plusMillis(1).toMillis() + "ms")).as(key.name()).isEqualTo(min.plusMillis(1));
                assertRefused(key, min.minusMillis(1).toMillis() + "ms");
                if (key.max() instanceof Duration max) {
                    assertThat((Object) key.parse(Durations.format(max))).as(key.name()).isEqualTo(max);
                    assertRefused(key, max.plusMillis(1).toMillis() + "ms");
                }
            }
        }
    }

    @Test
    void aRefusalNamesTheKeyTheValueAndTheRange() {
        ConfigKey<?> port = DigitsKeys.named("digits.http.port").orElseThrow();
        assertThatThrownBy(() -> port.parse("65536")).isInstanceOf(ConfigurationException.class)
                .hasMessage("digits.http.port=65536 is out of range: allowed -1..65535");
        assertThatThrownBy(() -> port.parse("eighty")).hasMessage("digits.http.port=eighty is not an integer (allowed -1..65535)");
    }

    private static void assertRefused(ConfigKey<?> key, String value) {
        assertThatThrownBy(() -> key.parse(value)).as(key.name() + "=" + value).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(key.name() + "=" + value + " is ");
    }
}
