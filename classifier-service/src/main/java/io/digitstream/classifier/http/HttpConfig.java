package io.digitstream.classifier.http;

import io.digitstream.classifier.metrics.ConfigDurations;
import io.digitstream.config.LayeredConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the service's HTTP side (Prometheus, health, JSON, dashboard) listens, and how much work it takes on.
 *
 * @param host the address to bind; loopback by default, so nothing is exposed unless asked
 * @param port the port; 0 picks a free one, -1 turns HTTP off
 * @param pushInterval how often the dashboard's event stream sends the current state
 * @param threads requests served at once (dashboard event streams included); more wait in a queue
 * @param queue connections waiting for a thread; beyond that a new connection is closed at once
 * @param maxEventStreams dashboard event streams open at once (fewer than {@code threads}, so they cannot take all)
 * @param requestTimeout a client must have sent its whole request within this time, or it is disconnected
 * @param responseTimeout a response (an event stream too: it then ends and the browser reconnects) is cut after this
 * @param allowedHosts host names accepted in the Host header besides localhost, IP addresses and this instance's
 *        own address (DNS-rebinding protection); {@code *} accepts any
 * @param readyFailures not ready while this many stream-thread failures happened within {@code readyWindow}
 */
public record HttpConfig(String host, int port, Duration pushInterval, int threads, int queue, int maxEventStreams,
        Duration requestTimeout, Duration responseTimeout, List<String> allowedHosts, int readyFailures,
        Duration readyWindow) {

    public static final String HOST = "digits.http.host";
    public static final String PORT = "digits.http.port";
    public static final String PUSH_INTERVAL = "digits.http.push.interval";
    public static final String THREADS = "digits.http.threads";
    public static final String QUEUE = "digits.http.queue";
    public static final String MAX_EVENT_STREAMS = "digits.http.events.max";
    public static final String REQUEST_TIMEOUT = "digits.http.request.timeout";
    public static final String RESPONSE_TIMEOUT = "digits.http.response.timeout";
    public static final String ALLOWED_HOSTS = "digits.http.allowed.hosts";
    public static final String READY_FAILURES = "digits.health.failures.max";
    public static final String READY_WINDOW = "digits.health.failures.window";

    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8080, Duration.ofSeconds(1));
    public static final HttpConfig OFF = new HttpConfig("127.0.0.1", -1, Duration.ofSeconds(1));

    /** With the default limits. */
    public HttpConfig(String host, int port, Duration pushInterval) {
        this(host, port, pushInterval, 16, 64, 8, Duration.ofSeconds(10), Duration.ofSeconds(60), List.of(), 3,
                Duration.ofMinutes(5));
    }

    public HttpConfig {
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException(PORT + " must be 0..65535 (0: any free port) or -1 (off), not " + port);
        }
        if (pushInterval.toMillis() < 50) {
            throw new IllegalArgumentException(PUSH_INTERVAL + " must be at least 50ms, not " + pushInterval);
        }
        if (threads < 2 || threads > 1_000) {
            throw new IllegalArgumentException(THREADS + " must be 2..1000, not " + threads);
        }
        if (queue < 0 || queue > 100_000) {
            throw new IllegalArgumentException(QUEUE + " must be 0..100000, not " + queue);
        }
        if (maxEventStreams < 0 || maxEventStreams >= threads) {
            throw new IllegalArgumentException(MAX_EVENT_STREAMS + " must be 0.." + (threads - 1) + " (below " + THREADS
                    + ", so event streams leave threads for other requests), not " + maxEventStreams);
        }
        requireWholeSeconds(REQUEST_TIMEOUT, requestTimeout);
        requireWholeSeconds(RESPONSE_TIMEOUT, responseTimeout);
        if (readyFailures < 1) {
            throw new IllegalArgumentException(READY_FAILURES + " must be positive, not " + readyFailures);
        }
        if (readyWindow.isNegative() || readyWindow.isZero()) {
            throw new IllegalArgumentException(READY_WINDOW + " must be positive, not " + readyWindow);
        }
        allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }

    public static HttpConfig from(LayeredConfig config) {
        HttpConfig d = DEFAULT;
        return new HttpConfig(config.get(HOST, d.host).strip(), config.getInt(PORT, d.port),
                ConfigDurations.get(config, PUSH_INTERVAL, d.pushInterval), config.getInt(THREADS, d.threads),
                config.getInt(QUEUE, d.queue), config.getInt(MAX_EVENT_STREAMS, d.maxEventStreams),
                ConfigDurations.get(config, REQUEST_TIMEOUT, d.requestTimeout),
                ConfigDurations.get(config, RESPONSE_TIMEOUT, d.responseTimeout),
                Arrays.asList(config.get(ALLOWED_HOSTS, "").split(",")), config.getInt(READY_FAILURES, d.readyFailures),
                ConfigDurations.get(config, READY_WINDOW, d.readyWindow));
    }

    public boolean enabled() {
        return port >= 0;
    }

    /** The JDK's server enforces its timeouts in whole seconds. */
    private static void requireWholeSeconds(String key, Duration value) {
        if (value.toSeconds() < 1 || value.toSeconds() > 86_400 || value.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(key + " must be whole seconds, 1s..24h, not " + value);
        }
    }
}
