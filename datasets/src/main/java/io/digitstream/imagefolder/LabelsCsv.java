package io.digitstream.imagefolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Label files: {@code key,label} rows, where the key is an image id or a file name, after an optional header whose
 * second column is {@code label} (e.g. {@code id,label} or {@code file,label}). Blank lines are ignored.
 */
public final class LabelsCsv {

    private LabelsCsv() {
    }

    /**
     * @return labels by key, in file order
     * @throws IllegalArgumentException naming the file and line of the first malformed row
     */
    public static Map<String, Integer> read(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    static Map<String, Integer> parse(List<String> lines, String fileName) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        boolean firstRow = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = stripByteOrderMark(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String where = fileName + " line " + (i + 1) + ": ";
            if (cells.length != 2) {
                throw new IllegalArgumentException(where + "expected 2 columns (key,label) but found " + cells.length);
            }
            String key = cells[0].strip();
            String label = cells[1].strip();
            boolean header = firstRow && label.equalsIgnoreCase("label");
            firstRow = false;
            if (header) {
                continue;
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException(where + "the key is empty");
            }
            if (labels.put(key, digit(label, where)) != null) {
                throw new IllegalArgumentException(where + "'" + key + "' is labeled a second time");
            }
        }
        return labels;
    }

    private static int digit(String label, String where) {
        if (label.length() != 1 || label.charAt(0) < '0' || label.charAt(0) > '9') {
            throw new IllegalArgumentException(where + "label '" + label + "' is not a digit 0-9");
        }
        return label.charAt(0) - '0';
    }

    /** Spreadsheet programs like to start UTF-8 CSV files with one. */
    private static String stripByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
