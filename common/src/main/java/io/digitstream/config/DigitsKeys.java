package io.digitstream.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every {@code digits.*} key of the modules on the class path ({@link ConfigKeys} providers), by name. A key that is
 * not here is refused ({@link #requireKnown}), so a misspelled key cannot go unnoticed.
 */
public final class DigitsKeys {

    /** A suggestion is made for a key at most this many single-character edits away from a known one. */
    static final int MAX_SUGGESTION_DISTANCE = 3;

    private static final Map<String, ConfigKey<?>> KEYS = load();

    private DigitsKeys() {
    }

    private static Map<String, ConfigKey<?>> load() {
        Map<String, ConfigKey<?>> keys = new TreeMap<>();
        for (ConfigKeys provider : ServiceLoader.load(ConfigKeys.class, DigitsKeys.class.getClassLoader())) {
            for (ConfigKey<?> key : provider.keys()) {
                ConfigKey<?> earlier = keys.putIfAbsent(key.name(), key);
                if (earlier != null && earlier != key) {
                    throw new IllegalStateException(key.name() + " is declared twice");
                }
            }
        }
        return Map.copyOf(keys);
    }

    /** All keys, by name. */
    public static List<ConfigKey<?>> all() {
        return KEYS.values().stream().sorted(Comparator.comparing(ConfigKey::name)).toList();
    }

    public static Optional<ConfigKey<?>> named(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /**
     * Refuses the first {@code digits.*} key of {@code values} that is not declared, with the nearest declared key as
     * a suggestion. Other keys are Kafka's and pass.
     *
     * @param origin says where a key came from, for the message (e.g. "--config app.properties")
     */
    static void requireKnown(Map<String, String> values, Function<String, String> origin) {
        values.keySet().stream().filter(key -> key.startsWith(LayeredConfig.OURS) && !KEYS.containsKey(key)).sorted()
                .findFirst().ifPresent(key -> {
                    String message = "unknown key " + key + " (" + origin.apply(key) + ")";
                    throw new ConfigurationException(suggestion(key).map(s -> message + "; did you mean " + s + "?")
                            .orElse(message + "; bin/digits config lists the keys"));
                });
    }

    /** The declared key nearest to {@code unknown}, if one is within {@link #MAX_SUGGESTION_DISTANCE} edits. */
    static Optional<String> suggestion(String unknown) {
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String known : KEYS.keySet()) {
            int distance = levenshtein(unknown, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Single-character insertions, deletions and substitutions that turn {@code a} into {@code b}. */
    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The keys as a Markdown table (key, default, meaning), as in docs/configuration.md. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (ConfigKey<?> key : all()) {
            String range = key.range().isEmpty() ? "" : " (" + key.range() + ")";
            String defaultText = key.hasFixedDefault() ? "`" + key.defaultText() + "`" : key.defaultText();
            if (key.hasFixedDefault() && key.defaultText().isEmpty()) {
                defaultText = "none";
            }
            table.append("| `").append(key.name()).append("` | ").append(escape(defaultText)).append(" | ")
                    .append(escape(key.doc() + range)).append(" |\n");
        }
        return table.toString();
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
