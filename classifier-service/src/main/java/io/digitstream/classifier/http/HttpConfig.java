package io.digitstream.classifier.http;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.ConfigurationException;
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

    public static final ConfigKey<String> HOST = ConfigKey.text("digits.http.host", "127.0.0.1",
            "address HTTP listens on (0.0.0.0: every interface)");
    public static final ConfigKey<Integer> PORT = ConfigKey.integer("digits.http.port", 8080, -1, 65_535,
            "port of /metrics, /health, the JSON API and the dashboard; 0: any free one, -1: off");
    public static final ConfigKey<Duration> PUSH_INTERVAL = ConfigKey.duration("digits.http.push.interval",
            Duration.ofSeconds(1), Duration.ofMillis(50), null, "how often the dashboard is sent the state");
    public static final ConfigKey<Integer> THREADS = ConfigKey.integer("digits.http.threads", 16, 2, 1_000,
            "requests served at once (dashboard event streams included)");
    public static final ConfigKey<Integer> QUEUE = ConfigKey.integer("digits.http.queue", 64, 0, 100_000,
            "connections waiting for a thread; beyond: closed at once");
    public static final ConfigKey<Integer> MAX_EVENT_STREAMS = ConfigKey.integer("digits.http.events.max", 8, 0, 999,
            "dashboard event streams open at once, below digits.http.threads; beyond: 503");
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.duration("digits.http.request.timeout",
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(24),
            "whole seconds; a request not received within it is cut");
    public static final ConfigKey<Duration> RESPONSE_TIMEOUT = ConfigKey.duration("digits.http.response.timeout",
            Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(24),
            "whole seconds; a response not sent within it is cut (an event stream ends 5 s before)");
    public static final ConfigKey<String> ALLOWED_HOSTS = ConfigKey.text("digits.http.allowed.hosts", "",
            "comma-separated Host-header names accepted besides localhost, IP addresses and the instance's own (*: any)");
    public static final ConfigKey<Integer> READY_FAILURES = ConfigKey.integer("digits.health.failures.max", 3, 1,
            Integer.MAX_VALUE, "not ready from this many stream-thread failures within digits.health.failures.window");
    public static final ConfigKey<Duration> READY_WINDOW = ConfigKey.duration("digits.health.failures.window",
            Duration.ofMinutes(5), Duration.ofMillis(1), null, "how long a stream-thread failure counts for readiness");

    public static final List<ConfigKey<?>> KEYS = List.of(HOST, PORT, PUSH_INTERVAL, THREADS, QUEUE, MAX_EVENT_STREAMS,
            REQUEST_TIMEOUT, RESPONSE_TIMEOUT, ALLOWED_HOSTS, READY_FAILURES, READY_WINDOW);

    public static final HttpConfig DEFAULT = new HttpConfig(HOST.defaultValue(), PORT.defaultValue(),
            PUSH_INTERVAL.defaultValue());
    public static final HttpConfig OFF = new HttpConfig(HOST.defaultValue(), -1, PUSH_INTERVAL.defaultValue());

    /** With the default limits. */
    public HttpConfig(String host, int port, Duration pushInterval) {
        this(host, port, pushInterval, THREADS.defaultValue(), QUEUE.defaultValue(), MAX_EVENT_STREAMS.defaultValue(),
                REQUEST_TIMEOUT.defaultValue(), RESPONSE_TIMEOUT.defaultValue(), List.of(), READY_FAILURES.defaultValue(),
                READY_WINDOW.defaultValue());
    }

    public HttpConfig {
        PORT.check(port);
        PUSH_INTERVAL.check(pushInterval);
        THREADS.check(threads);
        QUEUE.check(queue);
        MAX_EVENT_STREAMS.check(maxEventStreams);
        if (maxEventStreams >= threads) {
            throw new ConfigurationException(MAX_EVENT_STREAMS + "=" + maxEventStreams + " is out of range: allowed 0.."
                    + (threads - 1) + " (below " + THREADS + ", so event streams leave threads for other requests)");
        }
        requireWholeSeconds(REQUEST_TIMEOUT, requestTimeout);
        requireWholeSeconds(RESPONSE_TIMEOUT, responseTimeout);
        READY_FAILURES.check(readyFailures);
        READY_WINDOW.check(readyWindow);
        allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }

    public static HttpConfig from(LayeredConfig config) {
        return new HttpConfig(HOST.get(config).strip(), PORT.get(config), PUSH_INTERVAL.get(config), THREADS.get(config),
                QUEUE.get(config), MAX_EVENT_STREAMS.get(config), REQUEST_TIMEOUT.get(config), RESPONSE_TIMEOUT.get(config),
                Arrays.asList(ALLOWED_HOSTS.get(config).split(",")), READY_FAILURES.get(config), READY_WINDOW.get(config));
    }

    public boolean enabled() {
        return port >= 0;
    }

    /** The JDK's server enforces its timeouts in whole seconds. */
    private static void requireWholeSeconds(ConfigKey<Duration> key, Duration value) {
        key.check(value);
        if (value.toMillis() % 1000 != 0) {
            throw new ConfigurationException(key + "=" + value + " must be whole seconds (" + key.range() + ")");
        }
    }
}
