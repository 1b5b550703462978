package io.digitstream.fetch;

import io.digitstream.command.UnavailableException;

/** An {@link ExternalCommand} could not be started, ran out of time, or exited with a status other than 0. */
public final class CommandFailedException extends UnavailableException {
    private final boolean started;
    private final Integer exitCode;
    private final String outputTail;

    CommandFailedException(String message, boolean started, Integer exitCode, String outputTail, Throwable cause) {
        super(message, cause);
        this.started = started;
        this.exitCode = exitCode;
        this.outputTail = outputTail;
    }

    /** Whether the program was found and started at all. */
    public boolean started() {
        return started;
    }

    /** The exit status, or null when the command did not start or was stopped at its timeout. */
    public Integer exitCode() {
        return exitCode;
    }

    /** The end of what the command wrote to stdout and stderr, where tools put their error; empty if none. */
    public String outputTail() {
        return outputTail;
    }
}
