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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for the dashboard: the state is built once per interval, only while someone watches, and
 * handed to every open stream. A slow client skips states rather than queueing them. At most {@code maxStreams}
 * are open at once (a permit is taken before anything is sent, so concurrent requests cannot exceed it); each ends
 * after {@code maxDuration}, before the server's response timeout would cut it, and the browser reconnects.
 */
final class DashboardEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardEvents.class);
    private static final String CLOSED = "";
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final Supplier<String> state;
    private final Semaphore streams;
    private final long maxDurationNanos;
    private final Set<BlockingQueue<String>> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "digits-dashboard-events");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    DashboardEvents(Supplier<String> state, Duration interval, int maxStreams, Duration maxDuration) {
        this.state = state;
        this.streams = new Semaphore(maxStreams);
        this.maxDurationNanos = maxDuration.toNanos();
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
        if (closed || !streams.tryAcquire()) {
            exchange.getResponseHeaders().set("Retry-After", "10");
            MetricsHttpServer.send(exchange, 503, "text/plain; charset=utf-8", "too many dashboard streams\n");
            return;
        }
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        long end = System.nanoTime() + maxDurationNanos;
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            subscribers.add(queue);
            OutputStream out = exchange.getResponseBody();
            write(out, "retry: 2000\n\n");
            try {
                write(out, event(state.get()));
            } catch (RuntimeException e) {
                log.warn("dashboard state failed", e); // the next interval's state may do better
            }
            long left;
            while (!closed && (left = end - System.nanoTime()) > 0) {
                String json = queue.poll(Math.min(left, TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS)), TimeUnit.NANOSECONDS);
                if (json == null && end - System.nanoTime() <= 0) {
                    break;
                }
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
            streams.release();
            exchange.close();
        }
    }

    /** Event streams open now. */
    int open() {
        return subscribers.size();
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
