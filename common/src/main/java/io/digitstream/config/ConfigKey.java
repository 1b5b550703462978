package io.digitstream.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code digits.*} key: its name, how its value is read, its default, its allowed range and a one-line doc. The
 * only place these are written down: the configuration records read their values through it, {@code --help} and the
 * configuration table of the docs ({@code bin/digits config}) are rendered from it.
 *
 * <p>A key whose default depends on other settings (the model file, the record value limit) has no fixed default;
 * {@link #defaultText()} says what it is, and the reader of the key supplies it.
 *
 * @param <T> the type of the value
 */
public final class ConfigKey<T extends Comparable<? super T>> {

    /** The kind of a text key, the one kind where an empty value is a value (e.g. no model routes). */
    private static final String TEXT = "text";

    private final String name;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final String kind;
    private final T defaultValue;
    private final String defaultText;
    private final T min;
    private final T max;
    private final String doc;

    private ConfigKey(String name, Function<String, T> parser, Function<T, String> formatter, String kind,
            T defaultValue, String defaultText, T min, T max, String doc) {
        if (!name.startsWith(LayeredConfig.OURS)) {
            throw new IllegalArgumentException("a digits key must start with " + LayeredConfig.OURS + ": " + name);
        }
        this.name = name;
        this.parser = parser;
        this.formatter = formatter;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText != null ? defaultText : defaultValue == null ? "" : formatter.apply(defaultValue);
        this.min = min;
        this.max = max;
        this.doc = doc;
        if (defaultValue != null) {
            check(defaultValue);
        }
    }

    /** An integer key in {@code min..max} (both included); a null default only before {@link #derivedDefault}. */
    public static ConfigKey<Integer> integer(String name, Integer defaultValue, int min, int max, String doc) {
        return new ConfigKey<>(name, text -> Integer.valueOf(text.strip()), String::valueOf, "an integer", defaultValue,
                null, min, max, doc);
    }

    /** A duration key in {@code min..max}; {@code max} null for none. See {@link Durations} for the forms. */
    public static ConfigKey<Duration> duration(String name, Duration defaultValue, Duration min, Duration max, String doc) {
        return new ConfigKey<>(name, Durations::parse, Durations::format,
                "a duration (e.g. 500ms, 30s, 5m, 1h, PT30S, or milliseconds)", defaultValue, null, min, max, doc);
    }

    /** A decimal number key in {@code min..max} (both included), e.g. a share; NaN and infinities are out of range. */
    public static ConfigKey<Double> decimal(String name, Double defaultValue, double min, double max, String doc) {
        return new ConfigKey<>(name, text -> Double.valueOf(text.strip()), String::valueOf, "a number", defaultValue,
                null, min, max, doc);
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new ConfigKey<>(name, ConfigKey::parseBoolean, String::valueOf, "true or false", defaultValue, null,
                null, null, doc);
    }

    /** A text key; an empty value is a value, not the default. */
    public static ConfigKey<String> text(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, Function.identity(), Function.identity(), TEXT, defaultValue, null, null, null, doc);
    }

    /** This key without a fixed default: its reader derives one, which {@code description} describes for the docs. */
    public ConfigKey<T> derivedDefault(String description) {
        return new ConfigKey<>(name, parser, formatter, kind, null, description, min, max, doc);
    }

    public String name() {
        return name;
    }

    public String doc() {
        return doc;
    }

    /** The default as written in the docs: the value in configuration syntax, or the description of a derived one. */
    public String defaultText() {
        return defaultText;
    }

    /** Whether the default is a value of its own, not derived from other settings. */
    public boolean hasFixedDefault() {
        return defaultValue != null;
    }

    /** The smallest allowed value, null for none. */
    public T min() {
        return min;
    }

    /** The largest allowed value, null for none. */
    public T max() {
        return max;
    }

    /** The allowed values, e.g. {@code 1..100000}, {@code at least 50ms}; empty when any value of the type goes. */
    public String range() {
        if (min == null && max == null) {
            return "";
        }
        if (max == null || Integer.valueOf(Integer.MAX_VALUE).equals(max)) {
            return "at least " + formatter.apply(min);
        }
        return formatter.apply(min) + ".." + formatter.apply(max);
    }

    /** The fixed default. */
    public T defaultValue() {
        if (defaultValue == null) {
            throw new IllegalStateException(name + " has no fixed default; its reader derives one");
        }
        return defaultValue;
    }

    /** The value {@code config} sets, else the default. */
    public T get(LayeredConfig config) {
        return get(config.asMap());
    }

    /** The value {@code values} holds for this key, else the default. */
    public T get(Map<String, String> values) {
        return find(values).orElseGet(this::defaultValue);
    }

    /** The value {@code config} sets, if any: blank counts as unset, except for text keys. */
    public Optional<T> find(LayeredConfig config) {
        return find(config.asMap());
    }

    /** The value {@code values} holds for this key, if any. */
    public Optional<T> find(Map<String, String> values) {
        String value = values.get(name);
        boolean unset = value == null || (value.isBlank() && !TEXT.equals(kind));
        return unset ? Optional.empty() : Optional.of(parse(value));
    }

    /** Reads {@code text} as a value of this key. */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name + "=" + text + " is not " + kind + rangeSuffix(), e);
        }
        return check(value, text);
    }

    /** {@code value} when it is within this key's range, else a {@link ConfigurationException} naming key, value and range. */
    public T check(T value) {
        return check(value, formatter.apply(value));
    }

    private T check(T value, String text) {
        if ((min != null && value.compareTo(min) < 0) || (max != null && value.compareTo(max) > 0)) {
            throw new ConfigurationException(name + "=" + text.strip() + " is out of range: allowed " + range());
        }
        return value;
    }

    private String rangeSuffix() {
        return range().isEmpty() ? "" : " (allowed " + range() + ")";
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
