package io.digitstream.command;

import java.io.IOException;

/**
 * A source outside this machine could not deliver: every download mirror of a data set failed, {@code apt-get download}
 * or {@code npm pack} did not get the package. Not the user's input: commands exit with {@link ExitCodes#UNAVAILABLE},
 * and trying again later may work.
 */
public class UnavailableException extends IOException {

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
