package io.digitstream.config;

/**
 * A configuration the service cannot run with: an unknown {@code digits.*} key, a value that does not parse or is out
 * of its range, a {@code --config} file that cannot be read. Commands exit with
 * {@link io.digitstream.command.ExitCodes#CONFIG}. An {@link IllegalArgumentException}, as every refused argument.
 */
public class ConfigurationException extends IllegalArgumentException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
