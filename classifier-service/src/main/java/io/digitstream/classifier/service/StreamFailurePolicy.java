package io.digitstream.classifier.service;

import io.digitstream.classifier.http.StreamHealth;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.MisconfiguredInternalTopicException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies. A bug or a bad record: replace the thread (its open transaction is aborted and
 * the records are processed again, exactly once), however often it happens, since {@link StreamHealth} makes the service
 * not ready while the failures repeat. An error of version, credentials, permissions, configuration or of the JVM
 * itself: stop this Kafka Streams client (SHUTDOWN_CLIENT), since a new thread would only fail the same way again,
 * hundreds of times, while the service looks alive. Kafka Streams 4.x decides none of these itself: it hands each to
 * this handler (wrapped or not), and stops the client for every error only when no handler is set.
 */
public final class StreamFailurePolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamFailurePolicy.class);

    /** An error no new thread can heal, found in a failure's chain of causes, with what to fix. */
    public record Unrecoverable(Throwable cause, String remedy) {

        /** What failed and what to do about it, in one line. */
        public String reason() {
            String message = cause.getMessage() == null ? "" : cause.getMessage().strip();
            message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
            return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message) + "; to fix: " + remedy;
        }
    }

    /** An unhealable kind of error and what the operator can do about it; the first that matches counts. */
    private record Kind(Class<? extends Throwable> type, String remedy) {
    }

    private static final List<Kind> UNRECOVERABLE = List.of(
            new Kind(UnsupportedVersionException.class, "enable on the brokers what the configuration asks for, or"
                    + " change the setting; e.g. group.protocol=streams needs the streams.version feature (kafka-features.sh"
                    + " upgrade --feature streams.version=1, Kafka 4.1 or later), or set group.protocol=classic"),
            new Kind(AuthenticationException.class, "check the credentials: the sasl.* and ssl.* settings of --config"),
            new Kind(AuthorizationException.class, "grant the service's principal access to its topics, its group and its"
                    + " transactional ids (both named after application.id)"),
            new Kind(ConfigException.class, "correct the Kafka setting it names, in --config"),
            new Kind(InvalidConfigurationException.class, "correct the setting the brokers refused, in --config or on"
                    + " the topic"),
            new Kind(MissingSourceTopicException.class, "create the input topic (serve creates the topics unless"
                    + " --no-create-topics)"),
            new Kind(MisconfiguredInternalTopicException.class, "delete the internal topic or correct its settings"),
            new Kind(Error.class, "restart the service, with more memory if it ran out"));

    private final StreamHealth health;

    public StreamFailurePolicy(StreamHealth health) {
        this.health = health;
    }

    /**
     * The error in {@code failure}'s chain of causes that no new thread can heal, if there is one. A batch too large
     * for its topic is also an {@link InvalidConfigurationException} to Kafka, but it comes from a record, not from
     * the configuration: it is treated like any other bad record.
     */
    public static Optional<Unrecoverable> unrecoverable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // causes can form a loop
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RecordBatchTooLargeException) {
                return Optional.empty();
            }
            for (Kind kind : UNRECOVERABLE) {
                if (kind.type().isInstance(t)) {
                    return Optional.of(new Unrecoverable(t, kind.remedy()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        Optional<Unrecoverable> unrecoverable = unrecoverable(failure);
        if (unrecoverable.isPresent()) {
            String reason = unrecoverable.get().reason();
            if (health.stopped(reason, unrecoverable.get().cause())) {
                // One line that says it all; Kafka Streams logs the stack trace itself as it shuts the client down.
                log.error("Kafka Streams stops, since a new stream thread would fail the same way: {}", reason);
            } else {
                log.warn("another stream thread failed while Kafka Streams stops: {}", reason);
            }
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        health.threadFailed(failure);
        log.error("stream thread failed ({} within {}); replacing it", health.recentFailures(), health.window(), failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
