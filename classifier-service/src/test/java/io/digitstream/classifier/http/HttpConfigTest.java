package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.config.LayeredConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpConfigTest {

    private static HttpConfig from(Map<String, String> values) throws Exception {
        return HttpConfig.from(LayeredConfig.load(Map.of(), null, Map.of(), values));
    }

    @Test
    void defaultsBoundEveryKindOfWork() throws Exception {
        HttpConfig config = from(Map.of());
        assertThat(config).isEqualTo(HttpConfig.DEFAULT);
        assertThat(config.threads()).isEqualTo(16);
        assertThat(config.queue()).isEqualTo(64);
        assertThat(config.maxEventStreams()).isEqualTo(8);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.allowedHosts()).isEmpty();
    }

    @Test
    void eventStreamsMustLeaveAThreadForOtherRequests() throws Exception {
        Map<String, String> threads = Map.of(HttpConfig.THREADS.name(), "4");
        assertThat(from(merge(threads, HttpConfig.MAX_EVENT_STREAMS.name(), "2")).maxEventStreams()).isEqualTo(2);
        assertThat(from(merge(threads, HttpConfig.MAX_EVENT_STREAMS.name(), "3")).maxEventStreams()).isEqualTo(3);
        assertThatThrownBy(() -> from(merge(threads, HttpConfig.MAX_EVENT_STREAMS.name(), "4"))).hasMessageContaining("0..3");
    }

    @Test
    void readsHostsAndTimeoutsAndRefusesWhatTheServerCannotEnforce() throws Exception {
        HttpConfig config = from(Map.of(HttpConfig.ALLOWED_HOSTS.name(), " Dash.Example.org , ,kiosk ", HttpConfig.REQUEST_TIMEOUT.name(), "3s"));
        assertThat(config.allowedHosts()).isEqualTo(List.of("dash.example.org", "kiosk"));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> from(Map.of(HttpConfig.REQUEST_TIMEOUT.name(), "1500ms"))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> from(Map.of(HttpConfig.THREADS.name(), "1"))).hasMessageContaining("2..1000");
        assertThatThrownBy(() -> from(Map.of(HttpConfig.READY_FAILURES.name(), "0")))
                .hasMessage("digits.health.failures.max=0 is out of range: allowed at least 1");
    }

    private static Map<String, String> merge(Map<String, String> base, String key, String value) {
        java.util.Map<String, String> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
