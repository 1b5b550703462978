package io.digitstream.classifier.metrics;

import io.digitstream.config.LayeredConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations in configuration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601 ({@code PT30S}) or plain milliseconds. */
public final class ConfigDurations {

    private ConfigDurations() {
    }

    public static Duration get(LayeredConfig config, String key, Duration fallback) {
        String value = config.get(key, null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + key + "=" + value
                    + " is not a duration (e.g. 500ms, 30s, 5m, 1h, PT30S, or milliseconds)", e);
        }
    }

    static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).strip()));
            }
            long amount = value.chars().allMatch(Character::isDigit) ? Long.parseLong(value)
                    : Long.parseLong(value.substring(0, value.length() - 1).strip());
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofMillis(amount);
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
