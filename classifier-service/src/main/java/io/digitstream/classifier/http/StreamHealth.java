package io.digitstream.classifier.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Whether the service is really working: Kafka Streams says RUNNING even while a stream thread fails on the same
 * record again and again, is replaced, and fails again (the state only passes through REBALANCING). So each failure
 * is recorded here, and the service is not ready while {@code maxFailures} or more happened within {@code window}:
 * a single failure (a broker that went away for a moment) does not take it out of rotation; a loop does, until the
 * failures stop for the window. Failures are also counted per task, for {@code /metrics}. An error no new thread
 * can heal stops Kafka Streams instead ({@link #stopped}); its reason stays here for {@code /health} and the exit.
 */
public final class StreamHealth {

    /** Failures without a task (e.g. in the consumer's poll) are counted under this task name. */
    static final String NO_TASK = "none";

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Deque<Long> recent = new ArrayDeque<>();
    private final LongAdder replacements = new LongAdder();
    private final Map<String, LongAdder> byTask = new ConcurrentHashMap<>();
    private final AtomicReference<Stop> stop = new AtomicReference<>();

    /** Why Kafka Streams was stopped on purpose: {@code cause}, and {@code reason} saying what it is and what to fix. */
    public record Stop(String reason, Throwable cause) {
    }

    public StreamHealth(int maxFailures, Duration window) {
        this(maxFailures, window, System::nanoTime);
    }

    StreamHealth(int maxFailures, Duration window, LongSupplier nanoTime) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be positive, not " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A stream thread failed with {@code error} (and is being replaced). */
    public void threadFailed(Throwable error) {
        replacements.increment();
        byTask.computeIfAbsent(taskOf(error).map(TaskId::toString).orElse(NO_TASK), t -> new LongAdder()).increment();
        synchronized (recent) {
            recent.addLast(nanoTime.getAsLong());
            prune();
        }
    }

    /**
     * Kafka Streams is being stopped because of {@code cause}, which no new thread can heal: not ready from now on.
     *
     * @return whether this was the first such error (later ones, from the other threads, keep the first reason)
     */
    public boolean stopped(String reason, Throwable cause) {
        return stop.compareAndSet(null, new Stop(reason, cause));
    }

    /** The error that stopped Kafka Streams, if one did. */
    public Optional<Stop> stop() {
        return Optional.ofNullable(stop.get());
    }

    /** Failures within the window, as of now. */
    public int recentFailures() {
        synchronized (recent) {
            prune();
            return recent.size();
        }
    }

    public boolean ready(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING && stop.get() == null && !failingRepeatedly();
    }

    public boolean failingRepeatedly() {
        return recentFailures() >= maxFailures;
    }

    public long threadReplacements() {
        return replacements.sum();
    }

    public Map<String, Long> failuresByTask() {
        Map<String, Long> copy = new TreeMap<>();
        byTask.forEach((task, count) -> copy.put(task, count.sum()));
        return copy;
    }

    public int maxFailures() {
        return maxFailures;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    private void prune() {
        long oldest = nanoTime.getAsLong() - windowNanos;
        while (!recent.isEmpty() && recent.peekFirst() - oldest <= 0) {
            recent.removeFirst();
        }
    }

    private static Optional<TaskId> taskOf(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // causes can form a loop
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof StreamsException e && e.taskId().isPresent()) {
                return e.taskId();
            }
        }
        return Optional.empty();
    }
}
