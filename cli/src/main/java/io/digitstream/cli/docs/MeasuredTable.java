package io.digitstream.cli.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The table of measured figures in {@code docs/benchmarks.md}, generated from the JSON the benchmark and evaluation
 * commands printed, kept one file per measurement in {@code docs/measurements/}:
 * {@code {"command": "...", "date": "...", "machine": "...", "result": {...}}}. A figure in the docs is then always
 * the output of a run someone can repeat, never a number typed by hand.
 *
 * <p>Run from the repository root to rewrite the table between the markers:
 * {@code java -cp 'cli/target/classes:cli/target/lib/*' io.digitstream.cli.docs.MeasuredTable}
 */
public final class MeasuredTable {

    public static final String BEGIN = "<!-- measured:begin -->";
    public static final String END = "<!-- measured:end -->";
    public static final Path DOC = Path.of("docs", "benchmarks.md");
    public static final Path MEASUREMENTS = Path.of("docs", "measurements");
    public static final String REGENERATE =
            "java -cp 'cli/target/classes:cli/target/lib/*' io.digitstream.cli.docs.MeasuredTable";

    /** Fields worth a column, per command kind (the words after {@code bin/digits}); others get a summary. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "demo", List.of("dataset", "n", "accuracy"),
            "evaluate", List.of("dataset", "n", "accuracy"),
            "bench engine", List.of("model", "engine", "batch", "imagesPerSecond"),
            "bench e2e", List.of("images", "imagesPerSecond", "baselineImagesPerSecond", "p99Millis",
                    "halfRateP99Millis", "peakRssMb"),
            "bench crash", List.of("inputs", "predictions", "deadLetters", "lost", "duplicated"),
            "bench hostile", List.of("inputs", "predictions", "deadLetters", "lost", "duplicated"));

    /** Beyond this many fields the summary of an unknown kind says how many it left out. */
    static final int SUMMARY_FIELDS = 12;

    private static final ObjectMapper JSON = new ObjectMapper();

    private MeasuredTable() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path doc = root.resolve(DOC);
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String table = generate(root.resolve(MEASUREMENTS));
        String updated = replaceBetweenMarkers(text, table);
        if (updated.equals(text)) {
            System.out.println(doc + ": the measured table is up to date");
        } else {
            Files.writeString(doc, updated, StandardCharsets.UTF_8);
            System.out.println(doc + ": the measured table was rewritten");
        }
    }

    /** The Markdown table of every {@code *.json} in {@code dir}, oldest first. */
    public static String generate(Path dir) throws IOException {
        List<Measurement> measurements = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                measurements.add(read(file));
            }
        }
        measurements.sort(Comparator.comparing(Measurement::date).thenComparing(Measurement::file));
        StringBuilder table = new StringBuilder();
        table.append("| date | what (command) | figures | machine | file |\n");
        table.append("|---|---|---|---|---|\n");
        for (Measurement m : measurements) {
            table.append("| ").append(cell(m.date()))
                    .append(" | `").append(cell(m.command())).append('`')
                    .append(" | ").append(cell(figures(m.command(), m.result())))
                    .append(" | ").append(cell(m.machine()))
                    .append(" | [").append(m.file()).append("](measurements/").append(m.file()).append(")")
                    .append(" |\n");
        }
        return table.toString();
    }

    /** One measurement file, or an error that names the file and what it lacks. */
    static Measurement read(Path file) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": expected a JSON object {command, date, machine, result}");
        }
        for (String field : List.of("command", "date", "machine")) {
            if (!node.path(field).isTextual() || node.path(field).asText().isBlank()) {
                throw new IOException(file + ": missing text field '" + field + "'");
            }
        }
        if (!node.path("result").isObject()) {
            throw new IOException(file + ": missing object field 'result' (the command's JSON)");
        }
        return new Measurement(file.getFileName().toString(), node.get("command").asText(), node.get("date").asText(),
                node.get("machine").asText(), node.get("result"));
    }

    /** The figures of one result: the known fields of its command kind, or a compact key=value summary. */
    static String figures(String command, JsonNode result) {
        List<String> known = FIELDS.get(kind(command));
        List<String> parts = new ArrayList<>();
        if (known != null) {
            for (String field : known) {
                JsonNode value = result.get(field);
                if (value != null && isScalar(value)) {
                    parts.add(field + "=" + format(value));
                }
            }
        }
        return parts.isEmpty() ? summary(result) : String.join(", ", parts);
    }

    /** {@code "bench engine"} for {@code bin/digits bench engine --json}, {@code "evaluate"} for evaluate. */
    static String kind(String command) {
        List<String> words = new ArrayList<>();
        boolean afterLauncher = false;
        for (String word : command.trim().split("\\s+")) {
            if (!afterLauncher) {
                afterLauncher = word.endsWith("digits");
                continue;
            }
            if (word.startsWith("-")) {
                break;
            }
            words.add(word);
        }
        if (words.isEmpty()) {
            return "";
        }
        return words.get(0).equals("bench") && words.size() > 1 ? "bench " + words.get(1) : words.get(0);
    }

    /**
     * The first {@link #SUMMARY_FIELDS} scalar fields as {@code key=value}, those of a nested object as
     * {@code key{inner=value, ...}}; arrays are left out, and what does not fit is counted.
     */
    static String summary(JsonNode result) {
        List<String> parts = new ArrayList<>();
        int shown = 0;
        int left = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (isScalar(field.getValue())) {
                if (shown < SUMMARY_FIELDS) {
                    parts.add(field.getKey() + "=" + format(field.getValue()));
                    shown++;
                } else {
                    left++;
                }
            } else if (field.getValue().isObject()) {
                List<String> inner = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> subs = field.getValue().fields(); subs.hasNext(); ) {
                    Map.Entry<String, JsonNode> sub = subs.next();
                    if (!isScalar(sub.getValue())) {
                        continue;
                    }
                    if (shown < SUMMARY_FIELDS) {
                        inner.add(sub.getKey() + "=" + format(sub.getValue()));
                        shown++;
                    } else {
                        left++;
                    }
                }
                if (!inner.isEmpty()) {
                    parts.add(field.getKey() + "{" + String.join(", ", inner) + "}");
                }
            }
        }
        if (left > 0) {
            parts.add("(" + left + " more in the file)");
        }
        return String.join(", ", parts);
    }

    private static boolean isScalar(JsonNode value) {
        return value.isValueNode() && !value.isNull();
    }

    /** Integers with thousands separators; fractions under 100 to 4 decimals, larger ones rounded to a whole. */
    static String format(JsonNode value) {
        if (!value.isNumber()) {
            return value.asText();
        }
        BigDecimal number = value.decimalValue();
        if (value.isIntegralNumber() || number.abs().compareTo(BigDecimal.valueOf(100)) >= 0) {
            return String.format(Locale.ROOT, "%,d", number.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
        }
        return number.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** {@code text} with what lies between the markers (on lines of their own) replaced by {@code table}. */
    public static String replaceBetweenMarkers(String text, String table) {
        int[] bounds = markerBounds(text);
        return text.substring(0, bounds[0]) + table + text.substring(bounds[1]);
    }

    /** What lies between the markers: the table as {@link #replaceBetweenMarkers} writes it. */
    public static String betweenMarkers(String text) {
        int[] bounds = markerBounds(text);
        return text.substring(bounds[0], bounds[1]);
    }

    /** Start and end of what lies between the line of {@link #BEGIN} and the line of {@link #END}. */
    private static int[] markerBounds(String text) {
        int begin = text.indexOf(BEGIN + "\n");
        int end = text.indexOf("\n" + END);
        if (begin < 0 || end < begin || text.indexOf(BEGIN, begin + 1) >= 0 || text.indexOf(END, end + 2) >= 0) {
            throw new IllegalArgumentException("expected one line " + BEGIN + ", later one line " + END);
        }
        return new int[] {begin + BEGIN.length() + 1, end + 1};
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    record Measurement(String file, String command, String date, String machine, JsonNode result) {
    }
}
