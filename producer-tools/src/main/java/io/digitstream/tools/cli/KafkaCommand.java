package io.digitstream.tools.cli;

import io.digitstream.command.ExitCodes;
import io.digitstream.command.UnavailableException;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to Kafka: resolves the layered configuration, and turns the failures a user can act on into
 * a one-line message and an exit code instead of a stack trace.
 */
abstract class KafkaCommand implements Callable<Integer> {

    static final int OK = ExitCodes.OK;
    /** Bad usage or input: unknown option, unreadable file, malformed CSV. */
    static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    /** Kafka unreachable, a missing topic, or a send the brokers did not acknowledge. */
    static final int KAFKA_FAILURE = ExitCodes.KAFKA_FAILURE;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws InterruptedException {
        try {
            LayeredConfig config = kafka.config();
            return run(config.kafkaProperties(), Topics.from(config));
        } catch (ConfigException e) { // a KafkaException, but the fault is in the user's properties
            return fail(ExitCodes.CONFIG, "invalid Kafka client configuration: " + e.getMessage());
        } catch (KafkaException e) {
            return fail(KAFKA_FAILURE, "Kafka error: " + e.getMessage());
        } catch (UncheckedIOException e) {
            return fail(ExitCodes.of(e.getCause()), describe(e.getCause()));
        } catch (IOException | IllegalArgumentException e) { // bad input, configuration, a failed download: by type
            return fail(ExitCodes.of(e), describe(e));
        }
    }

    /** @return the exit code */
    abstract int run(Properties kafkaProperties, Topics topics) throws IOException, InterruptedException;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private int fail(int exitCode, String message) {
        err().println(spec.qualifiedName() + ": " + message);
        return exitCode;
    }

    /** Some messages are only a path (NoSuchFileException): the type says what is wrong with it. */
    private static String describe(Exception e) {
        boolean plain = e.getClass() == IOException.class || e.getClass() == IllegalArgumentException.class
                || e instanceof ConfigurationException || e instanceof UnavailableException;
        return plain ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
