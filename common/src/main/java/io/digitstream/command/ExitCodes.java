package io.digitstream.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the exit status of a {@code bin/digits} command means, the same for every command, so that scripts can tell a
 * mistake of theirs from a Kafka outage.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Bad usage or input: unknown option, missing or malformed file, invalid configuration. */
    public static final int BAD_INPUT = 1;
    /** Kafka unreachable, a missing topic, a send the brokers did not acknowledge, Kafka Streams failed. */
    public static final int KAFKA_FAILURE = 2;
    /** Anything else that went wrong: a bug, or a problem of the machine (port taken, disk full). */
    public static final int FAILURE = 3;

    /** For the help texts: meaning by code, in order. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private ExitCodes() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> descriptions = new LinkedHashMap<>();
        descriptions.put(Integer.toString(OK), "success");
        descriptions.put(Integer.toString(BAD_INPUT), "bad usage or input (option, file, configuration)");
        descriptions.put(Integer.toString(KAFKA_FAILURE), "Kafka unreachable, a missing topic, or another Kafka failure");
        descriptions.put(Integer.toString(FAILURE), "any other failure");
        return Collections.unmodifiableMap(descriptions);
    }

    /** The exit code for a command that failed with {@code failure}, judged by the whole chain of causes. */
    public static int of(Throwable failure) {
        if (causedBy(failure, ConfigException.class)) { // a KafkaException, but the fault is in the user's properties
            return BAD_INPUT;
        }
        if (causedBy(failure, KafkaException.class)) {
            return KAFKA_FAILURE;
        }
        boolean input = failure instanceof IOException || failure instanceof UncheckedIOException
                || failure instanceof IllegalArgumentException;
        return input ? BAD_INPUT : FAILURE;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
