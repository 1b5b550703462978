package io.digitstream.classifier.http;

import io.digitstream.classifier.metrics.ConfigDurations;
import io.digitstream.config.LayeredConfig;
import java.time.Duration;

/**
 * Where the service's HTTP side (Prometheus, health, JSON, dashboard) listens.
 *
 * @param host the address to bind; loopback by default, so nothing is exposed unless asked
 * @param port the port; 0 picks a free one, -1 turns HTTP off
 * @param pushInterval how often the dashboard's event stream sends the current state
 */
public record HttpConfig(String host, int port, Duration pushInterval) {

    public static final String HOST = "digits.http.host";
    public static final String PORT = "digits.http.port";
    public static final String PUSH_INTERVAL = "digits.http.push.interval";

    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8080, Duration.ofSeconds(1));
    public static final HttpConfig OFF = new HttpConfig("127.0.0.1", -1, Duration.ofSeconds(1));

    public HttpConfig {
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException(PORT + " must be 0..65535 (0: any free port) or -1 (off), not " + port);
        }
        if (pushInterval.toMillis() < 50) {
            throw new IllegalArgumentException(PUSH_INTERVAL + " must be at least 50ms, not " + pushInterval);
        }
    }

    public static HttpConfig from(LayeredConfig config) {
        return new HttpConfig(config.get(HOST, DEFAULT.host).strip(), config.getInt(PORT, DEFAULT.port),
                ConfigDurations.get(config, PUSH_INTERVAL, DEFAULT.pushInterval));
    }

    public boolean enabled() {
        return port >= 0;
    }
}
