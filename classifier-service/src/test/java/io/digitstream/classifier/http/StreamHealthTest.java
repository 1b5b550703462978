package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class StreamHealthTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StreamHealth health = new StreamHealth(3, Duration.ofMinutes(5), nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void readyUntilTheLimitOfFailuresWithinTheWindow() {
        assertThat(health.ready(KafkaStreams.State.RUNNING)).isTrue();
        health.threadFailed(new RuntimeException("one"));
        health.threadFailed(new RuntimeException("two"));
        assertThat(health.ready(KafkaStreams.State.RUNNING)).as("limit - 1 failures").isTrue();
        health.threadFailed(new RuntimeException("three"));
        assertThat(health.ready(KafkaStreams.State.RUNNING)).as("limit").isFalse();
        health.threadFailed(new RuntimeException("four"));
        assertThat(health.ready(KafkaStreams.State.RUNNING)).as("limit + 1").isFalse();
        assertThat(health.threadReplacements()).isEqualTo(4);
        assertThat(health.ready(KafkaStreams.State.REBALANCING)).isFalse();
    }

    @Test
    void readyAgainOnceTheFailuresAreOlderThanTheWindow() {
        health.threadFailed(new RuntimeException());
        advance(Duration.ofMinutes(1));
        health.threadFailed(new RuntimeException());
        health.threadFailed(new RuntimeException());
        assertThat(health.failingRepeatedly()).isTrue();

        advance(Duration.ofMinutes(4).minusNanos(1));
        assertThat(health.recentFailures()).as("the first is window - 1 ns old").isEqualTo(3);
        advance(Duration.ofNanos(1));
        assertThat(health.recentFailures()).as("the first is window old: out").isEqualTo(2);
        assertThat(health.ready(KafkaStreams.State.RUNNING)).isTrue();
        assertThat(health.threadReplacements()).as("the total stays").isEqualTo(3);
    }

    @Test
    void countsFailuresByTheTaskTheyHappenedIn() {
        health.threadFailed(new StreamsException("boom", new TaskId(1, 4)));
        health.threadFailed(new StreamsException(new StreamsException("wrapped", new TaskId(1, 4))));
        health.threadFailed(new IllegalStateException("outside a task"));
        assertThat(health.failuresByTask()).containsEntry("1_4", 2L).containsEntry(StreamHealth.NO_TASK, 1L).hasSize(2);
    }

    @Test
    void notReadyOnceStoppedByAnErrorAndTheFirstReasonStays() {
        IllegalStateException first = new IllegalStateException("first");
        assertThat(health.stop()).isEmpty();
        assertThat(health.stopped("first reason", first)).isTrue();
        assertThat(health.stopped("second reason", new IllegalStateException("second"))).isFalse();
        assertThat(health.stop()).hasValue(new StreamHealth.Stop("first reason", first));
        assertThat(health.ready(KafkaStreams.State.RUNNING)).isFalse();
        assertThat(health.threadReplacements()).as("a stop is no replacement").isZero();
        assertThat(health.recentFailures()).isZero();
    }
}
