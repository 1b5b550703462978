package io.digitstream.config;

import java.util.List;

/**
 * The {@code digits.*} keys a module declares, found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.digitstream.config.ConfigKeys}) and collected by {@link DigitsKeys}.
 */
public interface ConfigKeys {

    List<ConfigKey<?>> keys();
}
