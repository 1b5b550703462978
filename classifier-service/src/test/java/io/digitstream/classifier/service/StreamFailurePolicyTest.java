package io.digitstream.classifier.service;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.http.StreamHealth;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.MisconfiguredInternalTopicException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamFailurePolicyTest {

    private final StreamHealth health = new StreamHealth(3, Duration.ofMinutes(5));
    private final StreamFailurePolicy policy = new StreamFailurePolicy(health);

    static Stream<Throwable> unrecoverable() {
        return Stream.of(
                new UnsupportedVersionException("The cluster does not support the STREAMS group protocol"),
                new TopicAuthorizationException(Set.of("digit-images")),
                new GroupAuthorizationException("Not authorized to access group: digit-classifier"),
                new TransactionalIdAuthorizationException("Transactional Id authorization failed."),
                new ClusterAuthorizationException("Cluster authorization failed."),
                new SaslAuthenticationException("Authentication failed: Invalid username or password"),
                new SslAuthenticationException("SSL handshake failed"),
                new InvalidConfigurationException("Unknown topic config name: retention.bogus"),
                new InvalidReplicationFactorException("Replication factor: 3 larger than available brokers: 1."),
                new ConfigException("max.poll.records", "-1", "Value must be at least 1"),
                new MissingSourceTopicException("Missing source topics: digit-images."),
                new MisconfiguredInternalTopicException("Existing internal topic has invalid cleanup.policy"),
                new OutOfMemoryError("Java heap space"),
                new StackOverflowError());
    }

    @ParameterizedTest
    @MethodSource("unrecoverable")
    void stopsTheClientForAnErrorNoNewThreadCanHeal(Throwable error) {
        assertThat(policy.handle(error)).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(health.stop()).hasValueSatisfying(stop -> {
            assertThat(stop.cause()).isSameAs(error);
            String message = error.getMessage() == null ? "" : ": " + error.getMessage().replaceAll("\\.$", "");
            assertThat(stop.reason()).startsWith(error.getClass().getSimpleName() + message + "; to fix: ")
                    .doesNotContain(".;", "null");
        });
        assertThat(health.threadReplacements()).as("no thread replaced").isZero();
        assertThat(health.ready(KafkaStreams.State.RUNNING)).as("not ready while it stops").isFalse();
    }

    @Test
    void findsTheErrorDeepInTheChainOfCauses() {
        TopicAuthorizationException denied = new TopicAuthorizationException(Set.of("digit-predictions"));
        StreamsException failure = new StreamsException("Error encountered sending record to topic digit-predictions",
                new KafkaException("send failed", denied), new TaskId(0, 2));

        assertThat(policy.handle(failure)).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(health.stop().orElseThrow().cause()).isSameAs(denied);
        assertThat(health.stop().orElseThrow().reason()).startsWith("TopicAuthorizationException: ")
                .contains("digit-predictions", "grant the service's principal access");
        assertThat(StreamFailurePolicy.unrecoverable(new StreamsException(new OutOfMemoryError("Java heap space"))))
                .hasValueSatisfying(u -> assertThat(u.cause()).isInstanceOf(OutOfMemoryError.class));
    }

    static Stream<Throwable> recoverable() {
        return Stream.of(
                new RuntimeException("a bug"),
                new IllegalStateException("a bug"),
                new NullPointerException(),
                new StreamsException("failed to process", new IllegalArgumentException("bad record"), new TaskId(0, 1)),
                new StreamsException(new StreamsException(new TimeoutException("broker away for a moment"))),
                new TaskMigratedException("fenced", new ProducerFencedException("fenced")),
                new StreamsException(new RecordTooLargeException("a prediction too large for its topic")),
                // an InvalidConfigurationException to Kafka, but it comes from a record: a bad record, not a setting
                new StreamsException(new RecordBatchTooLargeException("batch larger than the segment size")));
    }

    @ParameterizedTest
    @MethodSource("recoverable")
    void replacesTheThreadForABugOrABadRecordAndCountsTheFailure(Throwable error) {
        assertThat(policy.handle(error)).isEqualTo(REPLACE_THREAD);
        assertThat(StreamFailurePolicy.unrecoverable(error)).isEmpty();
        assertThat(health.stop()).isEmpty();
        assertThat(health.threadReplacements()).isEqualTo(1);
        assertThat(health.ready(KafkaStreams.State.RUNNING)).as("one failure: still ready").isTrue();
    }

    @Test
    void keepsReplacingWhenTheSameBadRecordFailsAgainAndAgain() {
        for (int i = 1; i <= 10; i++) {
            assertThat(policy.handle(new StreamsException("poison", new IllegalStateException("same record"), new TaskId(0, 1))))
                    .as("failure %d", i).isEqualTo(REPLACE_THREAD);
        }
        assertThat(health.threadReplacements()).isEqualTo(10);
        assertThat(health.failingRepeatedly()).as("readiness reports the loop").isTrue();
        assertThat(health.stop()).isEmpty();
    }

    @Test
    void theFirstErrorThatStoppedTheClientIsTheReasonWhenOtherThreadsFailToo() {
        UnsupportedVersionException first = new UnsupportedVersionException("no streams groups");
        assertThat(policy.handle(new StreamsException(first))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(policy.handle(new StreamsException(new GroupAuthorizationException("group")))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(policy.handle(new IllegalStateException("a thread interrupted while closing"))).isEqualTo(REPLACE_THREAD);
        assertThat(health.stop().orElseThrow().cause()).isSameAs(first);
    }

    @Test
    void aLoopOfCausesEndsTheSearch() {
        IllegalStateException a = new IllegalStateException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(policy.handle(a)).isEqualTo(REPLACE_THREAD);
        assertThat(health.failuresByTask()).containsEntry("none", 1L);
        ConfigException config = new ConfigException("bad");
        IllegalStateException c = new IllegalStateException("c", config);
        assertThat(StreamFailurePolicy.unrecoverable(new StreamsException(c))).hasValueSatisfying(
                u -> assertThat(u.cause()).isSameAs(config));
    }
}
