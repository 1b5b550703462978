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
        MetricsConfig config = from(Map.of(MetricsConfig.WINDOW_SIZE, "2m", MetricsConfig.WINDOW_ADVANCE, "PT15S",
                MetricsConfig.WINDOW_GRACE, "1500", MetricsConfig.JOIN_WINDOW, "750ms", MetricsConfig.ROLLING_COUNT, "42"));
        assertThat(config.windowSize()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.windowAdvance()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.windowGrace()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.joinWindow()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.windowRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.rollingCount()).isEqualTo(42);
    }

    @Test
    void retentionGrowsWithLargeWindowsUnlessSetAndIsCheckedWhenSet() throws Exception {
        assertThat(from(Map.of(MetricsConfig.WINDOW_SIZE, "1h")).windowRetention()).isEqualTo(Duration.ofMinutes(61).plusSeconds(30));
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.WINDOW_SIZE, "1h", MetricsConfig.WINDOW_RETENTION, "10m")))
                .hasMessageContaining("must be at least");
    }

    @Test
    void refusesWhatCannotMakeWindows() {
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.WINDOW_ADVANCE, "1m"))).hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.WINDOW_SIZE, "soon"))).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.JOIN_WINDOW, "0s"))).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.ROLLING_COUNT, "0"))).hasMessageContaining("1..100000");
    }

    @Test
    void tracksBetweenOneAndTenThousandSourcesApart() throws Exception {
        assertThat(from(Map.of()).maxSources()).isEqualTo(256);
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.MAX_SOURCES, "0"))).hasMessageContaining("1..10000");
        assertThat(from(Map.of(MetricsConfig.MAX_SOURCES, "1")).maxSources()).isEqualTo(1);
        assertThat(from(Map.of(MetricsConfig.MAX_SOURCES, "9999")).maxSources()).isEqualTo(9_999);
        assertThat(from(Map.of(MetricsConfig.MAX_SOURCES, "10000")).maxSources()).isEqualTo(10_000);
        assertThatThrownBy(() -> from(Map.of(MetricsConfig.MAX_SOURCES, "10001"))).hasMessageContaining("1..10000");
    }
}
