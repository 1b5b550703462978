package io.digitstream.classifier.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for the dashboard: the state is built once per interval, only while someone watches, and
 * handed to every open stream. A slow client skips states rather than queueing them.
 */
final class DashboardEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardEvents.class);
    static final int MAX_SUBSCRIBERS = 32;
    private static final String CLOSED = "";
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final Supplier<String> state;
    private final Set<BlockingQueue<String>> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "digits-dashboard-events");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    DashboardEvents(Supplier<String> state, Duration interval) {
        this.state = state;
        ticker.scheduleWithFixedDelay(this::publish, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish() {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            String json = state.get();
            for (BlockingQueue<String> queue : subscribers) {
                queue.clear();
                queue.offer(json);
            }
        } catch (RuntimeException e) {
            log.warn("dashboard state failed", e);
        }
    }

    /** Streams states to one client until it goes away or the server stops; blocks its HTTP thread meanwhile. */
    void stream(HttpExchange exchange) throws IOException {
        if (closed || subscribers.size() >= MAX_SUBSCRIBERS) {
            MetricsHttpServer.send(exchange, 503, "text/plain; charset=utf-8", "too many dashboard streams\n");
            return;
        }
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        subscribers.add(queue);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, "retry: 2000\n\n");
            write(out, event(state.get()));
            while (!closed) {
                String json = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (json == CLOSED) { // identity: the sentinel only
                    break;
                }
                write(out, json == null ? ": keep-alive\n\n" : event(json));
            }
        } catch (IOException e) {
            log.debug("dashboard client went away: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscribers.remove(queue);
            exchange.close();
        }
    }

    private static String event(String json) {
        return "event: state\ndata: " + json + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        subscribers.forEach(queue -> {
            queue.clear();
            queue.offer(CLOSED);
        });
    }
}
