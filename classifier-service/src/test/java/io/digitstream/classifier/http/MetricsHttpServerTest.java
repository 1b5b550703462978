package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.metrics.MisclassifiedDigits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP side's limits on a real server on an ephemeral port, through raw sockets (a slow client, a client that
 * never finishes its request, a foreign Host header). Kafka Streams is created but not started: these endpoints
 * do not need it. Timeouts are process-wide in the JDK's server, so the tests read the ones in force.
 */
class MetricsHttpServerTest {

    private static final int THREADS = 3;
    private static final int QUEUE = 2;
    private static final int EVENT_STREAMS = 2;

    @TempDir
    Path state;
    private KafkaStreams streams;
    private final List<MetricsHttpServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void createStreams() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("unused", Consumed.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "http-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        streams = new KafkaStreams(builder.build(), props);
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        servers.forEach(MetricsHttpServer::close);
        streams.close(Duration.ofSeconds(5));
    }

    private MetricsHttpServer start(String... allowedHosts) {
        HttpConfig config = new HttpConfig("127.0.0.1", 0, Duration.ofMillis(100), THREADS, QUEUE, EVENT_STREAMS,
                Duration.ofSeconds(3), Duration.ofSeconds(6), List.of(allowedHosts), 3, Duration.ofMinutes(5));
        MetricsHttpServer server = MetricsHttpServer.bind(config);
        servers.add(server);
        server.start(streams, new HostInfo("127.0.0.1", server.uri().getPort()), MetricsConfig.DEFAULT, new LiveCounters(),
                new MisclassifiedDigits(), new StreamHealth(3, Duration.ofMinutes(5)));
        return server;
    }

    private Socket connect(MetricsHttpServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.uri().getPort());
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String request(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n";
    }

    /** The status line, "closed" when the server closed the connection, or null when nothing came within {@code wait}. */
    private static String statusLine(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return line.length() == 0 ? "closed" : line.toString().strip();
                }
                line.append((char) c);
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SocketException e) {
            return "closed"; // reset
        }
        return line.toString().strip();
    }

    private String get(MetricsHttpServer server, String path, String host) throws IOException {
        Socket socket = connect(server);
        send(socket, request(path, host));
        return statusLine(socket, Duration.ofSeconds(5));
    }

    // ---- Host header ----

    @Test
    void answersOnlyRequestsForLocalhostIpAddressesItsOwnAndConfiguredNames() throws IOException {
        MetricsHttpServer server = start("dash.example.org");
        int port = server.uri().getPort();
        assertThat(get(server, "/api/counters", "localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(get(server, "/api/counters", "127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(get(server, "/api/counters", "dash.example.org")).isEqualTo("HTTP/1.1 200 OK");
        assertThat(get(server, "/api/counters", null)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(get(server, "/api/counters", "attacker.example:" + port)).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(get(server, "/", "attacker.example")).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(get(server, "/events", "attacker.example")).isEqualTo("HTTP/1.1 403 Forbidden");
    }

    // ---- /metrics ----

    @Test
    void metricsAreInPrometheusTextFormatBeforeKafkaStreamsRuns() throws Exception {
        MetricsHttpServer server = start();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.uri().resolve("metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        PrometheusSamples scrape = PrometheusSamples.parse(response.body());
        assertThat(scrape.value("digits_streams_state", "state", "CREATED")).isEqualTo(1);
        assertThat(scrape.value("digits_streams_state", "state", "RUNNING")).isZero();
        assertThat(scrape.value("digits_ready")).isZero();
        assertThat(scrape.samples("digits_window_accuracy")).as("no windows without Kafka Streams").isEmpty();
        assertThat(scrape.types()).containsKeys("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total",
                "kafka_stream_alive_stream_threads");
    }

    @Test
    void closingTheServerStopsTheThreadThatRefreshesTheKafkaMetrics() throws Exception {
        long before = metricsThreads();
        MetricsHttpServer server = start();
        assertThat(metricsThreads()).isEqualTo(before + 1);
        server.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (metricsThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(metricsThreads()).isEqualTo(before);
    }

    private static long metricsThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("digits-kafka-metrics")).count();
    }

    // ---- threads and queue ----

    /**
     * {@code slow} clients that send half a request, each holding a thread (or a queue place) until the request
     * timeout; then one complete request: its status line at once, or null when it waits.
     */
    private String withSlowClients(MetricsHttpServer server, int slow) throws Exception {
        for (int i = 0; i < slow; i++) {
            send(connect(server), "GET /api/counters HTTP/1.1\r\n");
        }
        // Accepted 1.2 s after the slow ones: the timer that cuts them (every second) cannot cut this one too.
        Thread.sleep(1_200);
        Socket socket = connect(server);
        send(socket, request("/api/counters", "localhost"));
        // Asked until 2.7 s after the slow ones: before their timeout (3 s) can free a thread.
        String first = statusLine(socket, Duration.ofMillis(1_500));
        if (first != null) {
            return first;
        }
        String later = statusLine(socket, server.timeouts().request().plusSeconds(3));
        assertThat(later).as("answered once the request timeout freed a thread").isEqualTo("HTTP/1.1 200 OK");
        return null;
    }

    @Test
    void servesAtOnceWhileAThreadIsFree() throws Exception {
        assertThat(withSlowClients(start(), THREADS - 1)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void queuesWhenEveryThreadIsBusy() throws Exception {
        assertThat(withSlowClients(start(), THREADS)).isNull();
        assertThat(withSlowClients(start(), THREADS + 1)).isNull();
        assertThat(withSlowClients(start(), THREADS + QUEUE - 1)).as("the last queue place").isNull();
    }

    @Test
    void closesAConnectionTheQueueHasNoRoomFor() throws Exception {
        assertThat(withSlowClients(start(), THREADS + QUEUE)).isEqualTo("closed");
        assertThat(withSlowClients(start(), THREADS + QUEUE + 1)).isEqualTo("closed");
    }

    // ---- request timeout ----

    @Test
    void aRequestCompletedWithinTheTimeoutIsAnsweredAndOneThatIsNotIsCut() throws Exception {
        MetricsHttpServer server = start();
        Duration timeout = server.timeouts().request();
        Socket patient = connect(server);
        Socket silent = connect(server);
        send(patient, "GET /api/counters HTTP/1.1\r\n");
        send(silent, "GET /api/counters HTTP/1.1\r\n");
        Thread.sleep(timeout.minusSeconds(1).toMillis());
        send(patient, "Host: localhost\r\nConnection: close\r\n\r\n");
        assertThat(statusLine(patient, Duration.ofSeconds(2))).as("complete at the timeout - 1 s").isEqualTo("HTTP/1.1 200 OK");
        // The server looks for late requests every second: by the timeout + 1 s (and that second) it has cut it.
        assertThat(statusLine(silent, Duration.ofMillis(2_000 + 500))).as("incomplete at the timeout + 1 s").isEqualTo("closed");
    }

    // ---- dashboard event streams ----

    private static Socket openEvents(MetricsHttpServerTest test, MetricsHttpServer server) throws IOException {
        Socket socket = test.connect(server);
        send(socket, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n");
        return socket;
    }

    @Test
    void atMostTheConfiguredNumberOfEventStreamsAreOpenAndAClosedOneFreesItsPlace() throws Exception {
        MetricsHttpServer server = start();
        Socket first = openEvents(this, server);
        assertThat(statusLine(first, Duration.ofSeconds(3))).as("limit - 1").isEqualTo("HTTP/1.1 200 OK");
        Socket second = openEvents(this, server);
        assertThat(statusLine(second, Duration.ofSeconds(3))).as("limit").isEqualTo("HTTP/1.1 200 OK");
        Socket third = openEvents(this, server);
        assertThat(statusLine(third, Duration.ofSeconds(3))).as("limit + 1").isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(get(server, "/api/counters", "localhost")).as("threads are left for the rest").isEqualTo("HTTP/1.1 200 OK");

        first.close();
        Thread.sleep(500); // the next state pushed (every 100 ms) finds it gone
        assertThat(statusLine(openEvents(this, server), Duration.ofSeconds(3))).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void concurrentEventStreamRequestsCannotExceedTheLimit() throws Exception {
        for (int round = 0; round < 5; round++) {
            MetricsHttpServer server = start();
            ExecutorService clients = Executors.newFixedThreadPool(EVENT_STREAMS + 1);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> statuses = new ArrayList<>();
            for (int i = 0; i < EVENT_STREAMS + 1; i++) {
                statuses.add(clients.submit(() -> {
                    Socket socket = connect(server);
                    go.await();
                    send(socket, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    return statusLine(socket, Duration.ofSeconds(3));
                }));
            }
            go.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<String> status : statuses) {
                answers.add(status.get());
            }
            clients.shutdown();
            assertThat(answers).as("round %d", round).containsExactlyInAnyOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK",
                    "HTTP/1.1 503 Service Unavailable");
            for (Socket s : sockets) {
                s.close();
            }
            sockets.clear();
            server.close();
        }
    }

    @Test
    void anEventStreamEndsBeforeTheResponseTimeoutWouldCutIt() throws Exception {
        MetricsHttpServer server = start();
        Duration duration = MetricsHttpServer.eventStreamDuration(server.timeouts().response());
        assertThat(duration).isLessThan(server.timeouts().response());
        long started = System.nanoTime();
        Socket socket = connect(server);
        send(socket, "GET /events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        socket.setSoTimeout((int) server.timeouts().response().plusSeconds(5).toMillis());
        String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Duration open = Duration.ofNanos(System.nanoTime() - started);
        assertThat(all).startsWith("HTTP/1.1 200 OK").contains("event: state").endsWith("0\r\n\r\n"); // a clean end
        assertThat(open).isBetween(duration, server.timeouts().response());
    }
}
