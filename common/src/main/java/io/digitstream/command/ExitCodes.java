package io.digitstream.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import io.digitstream.config.ConfigurationException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the exit status of a {@code bin/digits} command means, the same for every command, so that scripts can tell a
 * mistake of theirs from a Kafka outage. The codes above 3 are the BSD {@code sysexits.h} ones for the same causes.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Bad usage or input: unknown option, missing or malformed input file (model, CSV, images). */
    public static final int BAD_INPUT = 1;
    /** Kafka unreachable, a missing topic, a send the brokers did not acknowledge, Kafka Streams failed. */
    public static final int KAFKA_FAILURE = 2;
    /** Anything else that went wrong: a bug, or a problem of the machine (port taken). */
    public static final int FAILURE = 3;
    /** A download failed: every mirror of a data set, {@code apt-get download}, {@code npm pack} (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** An output (model, report, results file) could not be written (EX_IOERR). */
    public static final int OUTPUT = 74;
    /** Invalid configuration: unknown or out-of-range {@code digits.*} key, unreadable {@code --config} file, Kafka
     *  properties Kafka rejects (EX_CONFIG). */
    public static final int CONFIG = 78;

    /** For the help texts: meaning by code, in order. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private ExitCodes() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> descriptions = new LinkedHashMap<>();
        descriptions.put(Integer.toString(OK), "success");
        descriptions.put(Integer.toString(BAD_INPUT), "bad usage or input (option, input file)");
        descriptions.put(Integer.toString(KAFKA_FAILURE), "Kafka unreachable, a missing topic, or another Kafka failure");
        descriptions.put(Integer.toString(FAILURE), "any other failure");
        descriptions.put(Integer.toString(UNAVAILABLE), "a download failed (data set mirror, apt-get, npm)");
        descriptions.put(Integer.toString(OUTPUT), "an output file could not be written");
        descriptions.put(Integer.toString(CONFIG), "invalid configuration (digits.* key, --config file, Kafka property)");
        return Collections.unmodifiableMap(descriptions);
    }

    /** The exit code for a command that failed with {@code failure}, judged by the whole chain of causes. */
    public static int of(Throwable failure) {
        // Kafka's ConfigException is a KafkaException, but the fault is in the user's properties.
        if (causedBy(failure, ConfigurationException.class) || causedBy(failure, ConfigException.class)) {
            return CONFIG;
        }
        if (causedBy(failure, KafkaException.class)) {
            return KAFKA_FAILURE;
        }
        if (causedBy(failure, UnavailableException.class)) {
            return UNAVAILABLE;
        }
        if (causedBy(failure, OutputException.class)) {
            return OUTPUT;
        }
        boolean input = failure instanceof IOException || failure instanceof UncheckedIOException
                || failure instanceof IllegalArgumentException;
        return input ? BAD_INPUT : FAILURE;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // causes can form a loop
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
