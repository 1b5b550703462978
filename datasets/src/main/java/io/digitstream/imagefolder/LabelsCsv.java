package io.digitstream.imagefolder;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Label files: rows of a key (an image id or a file name) and a digit, in CSV as spreadsheets and R's
 * {@code write.csv} write it (RFC 4180: fields quoted or not, CRLF or LF, a UTF-8 byte order mark or none). An
 * optional first row names the columns: the one called {@code label} holds the digits, the one called {@code file} or
 * {@code id} (else the first other one) the keys, and any other columns are ignored. Without that header row every
 * row is {@code key,label}. Blank lines are ignored.
 */
public final class LabelsCsv {
    private static final Columns KEY_LABEL = new Columns("key", 0, 1, false);
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false) // blank lines are skipped below, so that a row's number is its line's
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .get();

    private LabelsCsv() {
    }

    /**
     * @return labels by key, in file order
     * @throws IllegalArgumentException naming the file and line of the first malformed row
     */
    public static Map<String, Integer> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    static Map<String, Integer> parse(Reader reader, String fileName) throws IOException {
        Map<String, Integer> labels = new LinkedHashMap<>();
        Columns columns = null;
        try (CSVParser parser = CSVParser.parse(withoutByteOrderMark(reader), FORMAT)) {
            for (CSVRecord row : parser) {
                if (row.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                String where = fileName + " line " + row.getRecordNumber() + ": ";
                if (columns == null) {
                    columns = Columns.ofHeader(row, where);
                    if (columns != null) {
                        continue;
                    }
                    columns = KEY_LABEL;
                }
                String key = columns.key(row, where);
                if (labels.put(key, digit(row.get(columns.label()), where)) != null) {
                    throw new IllegalArgumentException(where + "'" + key + "' is labeled a second time");
                }
            }
        } catch (UncheckedIOException e) {
            // Commons CSV reports malformed quoting this way, with the line in its message.
            throw new IllegalArgumentException(fileName + ": " + e.getCause().getMessage(), e);
        }
        return labels;
    }

    /**
     * Where the key and the label are in a row.
     *
     * @param keyName the key column's name, for messages
     * @param named whether a header named the columns; then further columns may follow
     */
    private record Columns(String keyName, int key, int label, boolean named) {

        /** The columns a header row names, or null when {@code row} is not a header (it has no column "label"). */
        static Columns ofHeader(CSVRecord row, String where) {
            List<String> names = row.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
            int label = names.indexOf("label");
            if (label < 0) {
                return null;
            }
            if (names.lastIndexOf("label") != label) {
                throw new IllegalArgumentException(where + "the header names two columns 'label'");
            }
            int key = names.indexOf("file") >= 0 ? names.indexOf("file") : names.indexOf("id");
            if (key < 0) {
                key = label == 0 ? 1 : 0;
            }
            if (key >= names.size()) {
                throw new IllegalArgumentException(where + "the header has no key column besides 'label'");
            }
            return new Columns(row.get(key), key, label, true);
        }

        String key(CSVRecord row, String where) {
            int needed = Math.max(key, label) + 1;
            if (named ? row.size() < needed : row.size() != needed) {
                String keyAndLabel = key < label ? keyName + ",label" : "label," + keyName;
                throw new IllegalArgumentException(where + "expected " + (named ? "at least " : "") + needed
                        + " columns (" + keyAndLabel + ") but found " + row.size());
            }
            String value = row.get(key);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(where + "the key is empty");
            }
            return value;
        }
    }

    private static int digit(String label, String where) {
        if (label.length() != 1 || label.charAt(0) < '0' || label.charAt(0) > '9') {
            throw new IllegalArgumentException(where + "label '" + label + "' is not a digit 0-9");
        }
        return label.charAt(0) - '0';
    }

    /** Spreadsheet programs like to start UTF-8 CSV files with one; CSV parsers take it for part of the first field. */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        Reader marked = reader.markSupported() ? reader : new java.io.BufferedReader(reader);
        marked.mark(1);
        if (marked.read() != '\uFEFF') {
            marked.reset();
        }
        return marked;
    }
}
