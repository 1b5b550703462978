package io.digitstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration from four layers, later ones winning: defaults, a properties file ({@code --config},
 * like Kafka's own tools), environment variables, command-line flags. Keys starting with
 * {@code digits.} are ours; every other key is a Kafka client or Streams property, passed through.
 *
 * <p>Environment: {@code DIGITS_KAFKA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers} (any Kafka
 * property: drop the prefix, lower-case, underscores to dots); {@code DIGITS_TOPIC_IMAGES} sets
 * {@code digits.topic.images} (any of ours the same way).
 *
 * <p>A {@code digits.*} key that no module declares ({@link DigitsKeys}) is refused, whatever layer sets it.
 */
public final class LayeredConfig {

    public static final String OURS = "digits.";
    static final String ENV_PREFIX = "DIGITS_";
    static final String ENV_KAFKA_PREFIX = "DIGITS_KAFKA_";

    private final Map<String, String> values;

    private LayeredConfig(Map<String, String> values) {
        this.values = values;
    }

    /** @throws ConfigurationException for an unknown {@code digits.*} key, or a config file that cannot be read */
    public static LayeredConfig load(Map<String, String> defaults, Path file, Map<String, String> environment,
            Map<String, String> flags) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        Map<String, String> origins = new HashMap<>();
        if (file != null) {
            Map<String, String> fromFile = readProperties(file);
            merged.putAll(fromFile);
            fromFile.keySet().forEach(key -> origins.put(key, "--config " + file));
        }
        Map<String, String> fromEnvironment = fromEnvironment(environment);
        merged.putAll(fromEnvironment);
        fromEnvironment.keySet().forEach(key -> origins.put(key, "environment variable " + environmentName(key)));
        flags.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
                origins.put(key, "command line");
            }
        });
        DigitsKeys.requireKnown(merged, key -> origins.getOrDefault(key, "defaults"));
        return new LayeredConfig(merged);
    }

    static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("config file " + file + " does not exist");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) { // unreadable, or a malformed unicode escape
            throw new ConfigurationException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).strip()));
        return map;
    }

    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> map = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_KAFKA_PREFIX)) {
                map.put(propertyName(name.substring(ENV_KAFKA_PREFIX.length())), value);
            } else if (name.startsWith(ENV_PREFIX) && !IGNORED_ENV.contains(name)) {
                map.put(OURS + propertyName(name.substring(ENV_PREFIX.length())), value);
            }
        });
        return map;
    }

    /** Our variables that are not configuration keys: paths and JVM options read by the launcher. */
    private static final java.util.Set<String> IGNORED_ENV = java.util.Set.of("DIGITS_DATA_DIR", "DIGITS_JAVA_OPTS",
            "DIGITS_MODEL", "DIGITS_OFFLINE", "DIGITS_TEXTURES_DIR", "DIGITS_PUBLISH_ADDRESS", "DIGITS_HOME");

    /** The environment variable that sets one of our keys. */
    private static String environmentName(String key) {
        String name = key.startsWith(OURS) ? key.substring(OURS.length()) : key;
        return (key.startsWith(OURS) ? ENV_PREFIX : ENV_KAFKA_PREFIX) + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String propertyName(String envSuffix) {
        return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The Kafka client / Streams properties: every key that is not ours. */
    public Properties kafkaProperties() {
        Properties properties = new Properties();
        values.forEach((key, value) -> {
            if (!key.startsWith(OURS)) {
                properties.setProperty(key, value);
            }
        });
        return properties;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
