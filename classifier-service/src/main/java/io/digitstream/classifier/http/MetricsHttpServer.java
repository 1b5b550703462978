package io.digitstream.classifier.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.digitstream.classifier.metrics.CurrentWindow;
import io.digitstream.classifier.metrics.DriftScoring;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.LocalMetricsStores;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.metrics.MisclassifiedDigits;
import io.digitstream.classifier.review.ReviewDesk;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP side, on the JDK's built-in server: {@code /metrics} (Prometheus), {@code /health},
 * {@code /health/live}, {@code /health/ready}, the JSON API under {@code /api/}, the dashboard at {@code /} and its
 * server-sent events at {@code /events}. Bound first (so its address can be advertised to Kafka Streams as
 * {@code application.server}), then started once the {@link KafkaStreams} instance exists.
 *
 * <p>Its work is bounded ({@link HttpConfig}): a fixed number of threads with a bounded queue (a connection beyond
 * it is closed at once), request and response timeouts, a cap on dashboard event streams, and a Host-header check
 * against DNS rebinding ({@link HostCheck}).
 */
public final class MetricsHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);
    private static final String JSON = "application/json";

    private final HttpConfig config;
    private final HttpServer server;
    private final ThreadPoolExecutor threads;
    private final JdkServerTimeouts.Timeouts timeouts;
    private DashboardEvents events;
    private PrometheusExport prometheus;
    private HostCheck hosts;
    private ReviewDesk review;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Endpoints and meters of other parts of the service, served from {@link #start} on. */
    private final List<Extension> extensions = new ArrayList<>();

    private record Extension(String path, Supplier<? extends JsonNode> json, MeterBinder meters) {
    }

    private MetricsHttpServer(HttpConfig config, HttpServer server, ThreadPoolExecutor threads,
            JdkServerTimeouts.Timeouts timeouts) {
        this.config = config;
        this.server = server;
        this.threads = threads;
        this.timeouts = timeouts;
    }

    /** Binds the port now (failing early and clearly if it is taken); serves nothing until {@link #start}. */
    public static MetricsHttpServer bind(HttpConfig config) {
        try {
            JdkServerTimeouts.Timeouts timeouts = JdkServerTimeouts.apply(config.requestTimeout(), config.responseTimeout());
            HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
            AtomicInteger count = new AtomicInteger();
            // Each dashboard stream holds a thread while open: at most maxEventStreams, fewer than the threads.
            // A connection the queue has no room for is refused: the JDK's server closes it.
            ThreadPoolExecutor threads = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                    config.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.queue()), r -> {
                        Thread thread = new Thread(r, "digits-http-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    }, new ThreadPoolExecutor.AbortPolicy());
            threads.allowCoreThreadTimeOut(true);
            server.setExecutor(threads);
            return new MetricsHttpServer(config, server, threads, timeouts);
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                    + "): choose another port with --http-port or " + HttpConfig.PORT.name() + " (0: any free port, -1: off)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HTTP server on " + config.host() + ":" + config.port(), e);
        }
    }

    /**
     * The address to advertise to other instances as {@code application.server}: the bound one, or this machine's
     * name when listening on every interface (set {@code application.server} where that name does not resolve).
     */
    public HostInfo hostInfo() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (bound.getAddress().isAnyLocalAddress()) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return new HostInfo(host, bound.getPort());
    }

    /** The timeouts in force (process-wide: see {@link JdkServerTimeouts}). */
    JdkServerTimeouts.Timeouts timeouts() {
        return timeouts;
    }

    /** Serves {@code json} at {@code path} and exports {@code meters}, from {@link #start} on (e.g. {@code /models}). */
    public void extend(String path, Supplier<? extends JsonNode> json, MeterBinder meters) {
        extensions.add(new Extension(path, json, meters));
    }

    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /** Also serves the review page ({@code /review}) and its API from {@code desk}; call before {@link #start}. */
    public MetricsHttpServer withReview(ReviewDesk desk) {
        this.review = desk;
        return this;
    }

    /** The registry {@code /metrics} exports, for meters of the service's other parts; only once started. */
    public MeterRegistry meters() {
        if (prometheus == null) {
            throw new IllegalStateException("not started");
        }
        return prometheus.registry();
    }

    /**
     * Starts serving.
     *
     * @param self this instance's {@code application.server}, to tell local windows from forwarded ones
     */
    public void start(KafkaStreams streams, HostInfo self, MetricsConfig metricsConfig, LiveCounters counters,
            MisclassifiedDigits misclassified, StreamHealth health) {
        start(streams, self, metricsConfig, counters, misclassified, health, DriftScoring.NONE);
    }

    /** @param drift scores the windows' predictions against the models' references */
    public void start(KafkaStreams streams, HostInfo self, MetricsConfig metricsConfig, LiveCounters counters,
            MisclassifiedDigits misclassified, StreamHealth health, DriftScoring drift) {
        LocalMetricsStores local = new LocalMetricsStores(streams, metricsConfig.windowSize(), drift);
        ClusterMetrics cluster = new ClusterMetrics(streams, self, local, counters, misclassified);
        prometheus = new PrometheusExport(streams, local, counters, metricsConfig, health);
        DashboardState dashboard = new DashboardState(cluster, metricsConfig, streams::state);
        events = new DashboardEvents(() -> dashboard.build().toString(), config.pushInterval(), config.maxEventStreams(),
                eventStreamDuration(timeouts.response()));
        hosts = new HostCheck(config.allowedHosts()).with(hostInfo().host()).with(server.getAddress().getAddress().getHostAddress());
        if (self != null) {
            hosts.with(self.host());
        }
        byte[] page = resource("dashboard.html");

        route("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found: " + exchange.getRequestURI().getPath() + "\n");
            } else {
                send(exchange, 200, "text/html; charset=utf-8", page);
            }
        });
        route("/events", events::stream);
        route("/metrics", exchange -> send(exchange, 200, PrometheusExport.CONTENT_TYPE, prometheus.scrape()));
        route("/health", exchange -> health(exchange, streams.state(), health, null));
        route("/health/live", exchange -> health(exchange, streams.state(), health, "live"));
        route("/health/ready", exchange -> health(exchange, streams.state(), health, "ready"));
        route("/api/dashboard", exchange -> json(exchange, dashboard.build()));
        route("/api/sources", exchange -> {
            ArrayNode sources = JsonViews.MAPPER.createArrayNode();
            cluster.sources(local(exchange)).forEach(sources::add);
            json(exchange, sources);
        });
        route("/api/windows/time", exchange -> {
            Map<String, String> query = query(exchange);
            Instant from = Instant.ofEpochMilli(Long.parseLong(query.getOrDefault("from", "0")));
            Instant to = Instant.ofEpochMilli(Long.parseLong(query.getOrDefault("to", Long.toString(Long.MAX_VALUE / 2))));
            List<? extends JsonNode> windows = cluster.timeWindows(source(query), from, to, local(exchange));
            json(exchange, JsonViews.MAPPER.createArrayNode().addAll(windows));
        });
        route("/api/windows/current", exchange -> {
            String source = source(query(exchange));
            List<? extends JsonNode> windows = cluster.timeWindows(source, Instant.EPOCH,
                    Instant.ofEpochMilli(Long.MAX_VALUE / 2), local(exchange));
            JsonNode current = CurrentWindow.of(List.copyOf(windows), w -> w.get("start").asLong(),
                    metricsConfig.windowSize()).orElse(null);
            if (current == null) {
                send(exchange, 404, JSON, error("no time window for source " + source + " yet"));
            } else {
                json(exchange, current);
            }
        });
        route("/api/windows/count", exchange -> json(exchange, cluster.countWindow(source(query(exchange)), local(exchange))));
        route("/api/counters", exchange -> json(exchange, cluster.counters(local(exchange))));
        route("/api/misclassified", exchange -> json(exchange, cluster.misclassified(local(exchange), DashboardState.THUMBNAILS)));
        if (review != null) {
            ReviewRoutes reviews = new ReviewRoutes(review);
            byte[] reviewPage = resource("review.html");
            route("/review", exchange -> send(exchange, 200, "text/html; charset=utf-8", reviewPage));
            route("/api/review/next", reviews::next);
            route("/api/review/image", reviews::image);
            route("/api/review/label", true, reviews::label);
            route("/api/review/skip", true, reviews::skip);
        }
        for (Extension extension : extensions) {
            extension.meters().bindTo(prometheus.registry());
            route(extension.path(), exchange -> json(exchange, extension.json().get()));
        }
        server.start();
        log.info("live metrics and dashboard on {}", uri());
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** An event stream ends a little before the response timeout would cut it. */
    static Duration eventStreamDuration(Duration responseTimeout) {
        return responseTimeout.minus(Duration.ofSeconds(Math.min(5, responseTimeout.toSeconds() / 2)));
    }

    /** GET only, from an accepted Host; failures become a status and a one-line reason instead of a dropped connection. */
    private void route(String path, Handler handler) {
        route(path, false, handler);
    }

    /** As {@link #route(String, Handler)}; with {@code post}, POST only, and from a page of this server when it says its Origin. */
    private void route(String path, boolean post, Handler handler) {
        server.createContext(path, exchange -> {
            try {
                if (!hosts.accepts(exchange.getRequestHeaders().getFirst("Host"))) {
                    send(exchange, 403, "text/plain; charset=utf-8", "Host " + exchange.getRequestHeaders().getFirst("Host")
                            + " is not accepted: add it to " + HttpConfig.ALLOWED_HOSTS.name() + "\n");
                    return;
                }
                String method = exchange.getRequestMethod();
                if (post ? !method.equals("POST") : !method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", post ? "POST" : "GET, HEAD");
                    send(exchange, 405, "text/plain; charset=utf-8", post ? "only POST\n" : "only GET\n");
                    return;
                }
                String origin = exchange.getRequestHeaders().getFirst("Origin");
                if (post && origin != null && !origin.equals("http://" + exchange.getRequestHeaders().getFirst("Host"))) {
                    send(exchange, 403, "text/plain; charset=utf-8", "a POST from another site (Origin " + origin + ") is refused\n");
                    return;
                }
                handler.handle(exchange);
            } catch (ClusterMetrics.Unavailable e) {
                send(exchange, 503, JSON, error(e.getMessage()));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, JSON, error(e.getMessage()));
            } catch (IOException e) {
                log.debug("HTTP client went away: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("HTTP {} failed", exchange.getRequestURI(), e);
                sendQuietly(exchange, 500, error(e.toString()));
            } finally {
                exchange.close(); // not try-with-resources: the catch clauses still answer on it
            }
        });
    }

    /** Ready: RUNNING, not stopping on an error, and stream threads not failing repeatedly ({@link StreamHealth}). */
    private static void health(HttpExchange exchange, KafkaStreams.State state, StreamHealth health, String probe)
            throws IOException {
        boolean live = state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing();
        boolean ready = health.ready(state);
        boolean ok = "ready".equals(probe) ? ready : live;
        String body = JsonViews.MAPPER.createObjectNode().put("state", state.name()).put("live", live).put("ready", ready)
                .put("recentThreadFailures", health.recentFailures()).put("threadReplacements", health.threadReplacements())
                .put("failureWindowSeconds", health.window().toSeconds()).put("failuresMax", health.maxFailures())
                .put("stopReason", health.stop().map(StreamHealth.Stop::reason).orElse(null))
                .toString();
        send(exchange, ok ? 200 : 503, JSON, body);
    }

    private static String error(String message) {
        return JsonViews.MAPPER.createObjectNode().put("error", message).toString();
    }

    private static void json(HttpExchange exchange, JsonNode body) throws IOException {
        try {
            send(exchange, 200, JSON, JsonViews.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void sendQuietly(HttpExchange exchange, int status, String body) {
        try {
            send(exchange, status, JSON, body);
        } catch (IOException | RuntimeException e) {
            // the response had begun already; nothing more to tell the client
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    /** The source asked for; all sources together ({@code *}) by default. */
    private static String source(Map<String, String> query) {
        return query.getOrDefault("source", "*");
    }

    /** {@code scope=local}: answer from this instance only (how instances ask each other, so nothing loops). */
    private static boolean local(HttpExchange exchange) {
        return "local".equals(query(exchange).get("scope"));
    }

    private static byte[] resource(String name) {
        try (InputStream in = MetricsHttpServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (events != null) {
            events.close();
        }
        server.stop(0);
        threads.shutdownNow();
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
