package io.digitstream.cli;

import io.digitstream.config.DigitsKeys;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration table of the docs: {@link DigitsKeys#markdownTable()} between two markers, in
 * {@code docs/configuration.md}, or in {@code README.md} where that file does not exist.
 */
final class ConfigTable {

    static final String BEGIN = "<!-- config-table:begin -->";
    static final String END = "<!-- config-table:end -->";

    private ConfigTable() {
    }

    /** The document that holds the table, under the repository root {@code home}. */
    static Path document(Path home) {
        Path docs = home.resolve("docs/configuration.md");
        return Files.isRegularFile(docs) ? docs : home.resolve("README.md");
    }

    /** The text between the markers of {@code document}. */
    static String current(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " markers");
        }
        return document.substring(begin + BEGIN.length(), end).strip() + "\n";
    }

    /** {@code document} with the generated table between its markers. */
    static String regenerated(String document) {
        current(document); // the markers must be there
        return document.substring(0, document.indexOf(BEGIN) + BEGIN.length()) + "\n" + DigitsKeys.markdownTable()
                + document.substring(document.indexOf(END));
    }
}
