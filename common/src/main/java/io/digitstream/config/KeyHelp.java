package io.digitstream.config;

import java.util.ListResourceBundle;

/**
 * The help text of every {@code digits.*} key, for picocli options that set one: {@code @Command(resourceBundle =
 * "io.digitstream.config.KeyHelp")} and {@code @Option(descriptionKey = "digits.http.port")}, so that {@code --help}
 * shows the doc and default of the key's declaration instead of a copy.
 */
public final class KeyHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        return DigitsKeys.all().stream().map(key -> new Object[] {key.name(), help(key)}).toArray(Object[][]::new);
    }

    static String help(ConfigKey<?> key) {
        String range = key.range().isEmpty() ? "" : "; " + key.range();
        String defaultText = key.defaultText().isEmpty() ? "none" : key.defaultText().replace("`", "");
        // picocli formats descriptions: a literal % must be doubled.
        return (capitalized(key.doc()) + " (" + key.name() + range + "; default: " + defaultText + ").").replace("%", "%%");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
