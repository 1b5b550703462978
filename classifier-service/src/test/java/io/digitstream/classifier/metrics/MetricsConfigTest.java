package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.config.LayeredConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    private static MetricsConfig from(Map<String, String> values) throws Exception {
        return MetricsConfig.from(LayeredConfig.load(Map.of(), null, Map.of(), values));
    }

    @Test
    void defaultsSuitALiveViewAndLetEveryOutcomeReachItsWindows() throws Exception {
        MetricsConfig config = from(Map.of());
        assertThat(config).isEqualTo(MetricsConfig.DEFAULT);
        assertThat(config.graceCoversJoinWindow()).isTrue();
    }

    @Test
    void readsDurationsInTheUsualNotations() throws Exception {
        MetricsConfig config = from(Map.of(MetricsConfig.WINDOW_SIZE.name(), "2m", MetricsConfig.WINDOW_ADVANCE.name(), "PT15S",
                MetricsConfig.WINDOW_GRACE.name(), "1500", MetricsConfig.JOIN_WINDOW.name(), "750ms", MetricsConfig.ROLLING_COUNT.name(), "42"));
        assertThat(config.windowSize()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.windowAdvance()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.windowGrace()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.joinWindow()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.windowRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.rollingCount()).isEqualTo(42);
    }

    @Test
    void retentionGrowsWithLargeWindowsUnlessSetAndIsCheckedWhenSet() throws Exception {
        assertThat(from(Map.of(MetricsConfig.WINDOW_SIZE.name(), "1h")).windowRetention()).isEqualTo(Duration.ofMinutes(61).plusSeconds(30));
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.WINDOW_SIZE.name(), "1h", MetricsConfig.WINDOW_RETENTION.name(), "10m")))
                .hasMessageContaining("must be at least");
    }

    @Test
    void refusesWhatCannotMakeWindows() {
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.WINDOW_ADVANCE.name(), "1m"))).hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.WINDOW_SIZE.name(), "soon"))).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.JOIN_WINDOW.name(), "0s")))
                .hasMessage("digits.metrics.join.window=0s is out of range: allowed at least 1ms");
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.ROLLING_COUNT.name(), "0"))).hasMessageContaining("1..100000");
    }

    @Test
    void tracksBetweenOneAndTenThousandSourcesApart() throws Exception {
        assertThat(from(Map.of()).maxSources()).isEqualTo(256);
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.MAX_SOURCES.name(), "0"))).hasMessageContaining("1..10000");
        assertThat(from(Map.of(MetricsConfig.MAX_SOURCES.name(), "1")).maxSources()).isEqualTo(1);
        assertThat(from(Map.of(MetricsConfig.MAX_SOURCES.name(), "9999")).maxSources()).isEqualTo(9_999);
        assertThat(from(Map.of(MetricsConfig.MAX_SOURCES.name(), "10000")).maxSources()).isEqualTo(10_000);
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.MAX_SOURCES.name(), "10001"))).hasMessageContaining("1..10000");
    }
}
