package io.digitstream.cli;

import io.digitstream.command.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a command that failed ends: a message naming the command and the cause, and the exit code {@link ExitCodes}
 * gives it. The stack trace is printed only for failures that are neither the user's input nor Kafka, where it is what
 * a bug report needs.
 */
final class FailureReport implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        int exitCode = ExitCodes.of(failure);
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + describe(failure));
        if (exitCode == ExitCodes.FAILURE) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** The failure's message and those of its causes that add something to it. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(messageOf(failure));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = messageOf(cause);
            if (!text.toString().contains(message)) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
