package io.digitstream.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitstream.command.OutputException;
import io.digitstream.lab.evaluate.DatasetFamily;
import io.digitstream.lab.evaluate.Robustness.Cell;
import io.digitstream.metrics.ConfusionMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The robustness table ({@code robustness.md} and {@code robustness.json}): per evaluation set and model the
 * error with its Wilson interval and dead letters, the set's family (own generator or independent), and the
 * per-class recall of the weakest sets.
 */
public final class RobustnessReport {

    public static final String MARKDOWN = "robustness.md";
    public static final String JSON = "robustness.json";
    /** How many of the hardest sets get a per-class recall table. */
    public static final int WEAKEST = 3;

    private final List<Cell> cells;
    private final String command;

    /** @param command the command line that reproduces the table */
    public RobustnessReport(List<Cell> cells, String command) {
        this.cells = List.copyOf(cells);
        this.command = command;
    }

    /**
     * The {@value #WEAKEST} sets whose best model errs most, hardest first (ties in table order): ranking by the
     * best model keeps a set from looking weak only because a model that was never meant for it (an upright
     * model on rotated digits) was also measured.
     */
    public List<String> weakest() {
        Map<String, Double> best = new LinkedHashMap<>();
        for (Cell cell : cells) {
            if (cell.n() > 0) {
                best.merge(cell.dataset(), cell.errorRate(), Math::min);
            }
        }
        return best.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(WEAKEST)
                .map(Map.Entry::getKey)
                .toList();
    }

    public List<Path> write(Path dir) throws IOException {
        Path md = dir.resolve(MARKDOWN);
        Path json = dir.resolve(JSON);
        OutputException.writing(dir, () -> {
            Files.createDirectories(dir);
            Files.writeString(md, markdown());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), json());
        });
        return List.of(md, json);
    }

    /** The table alone, as {@code evaluate --robustness} prints it. */
    public String table() {
        StringBuilder md = new StringBuilder();
        md.append("| dataset | family | model | n | error | error, 95% CI (Wilson) | dead letters |\n");
        md.append("|---|---|---|--:|--:|--:|--:|\n");
        for (Cell cell : cells) {
            md.append(row(cell.dataset(), cell.family().label(), cell.model(), Numbers.count(cell.n()),
                    cell.n() == 0 ? "—" : Numbers.percent(cell.errorRate()), cell.n() == 0 ? "—" : Numbers.interval(cell.errorRate95()),
                    Numbers.count(cell.deadLetters())));
        }
        return md.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Robustness: evaluation sets x models\n\n");
        md.append("Every model classified every set through the stream's per-record code (serialize, deserialize, decode,"
                + " denoise, normalize, classify); a dead-lettered image counts as an error and as a miss of its digit. No"
                + " routing by source: each model sees every set. Models: ");
        Map<String, String> models = new LinkedHashMap<>();
        cells.forEach(cell -> models.putIfAbsent(cell.model(), "`" + cell.modelVersion() + "`"
                + (cell.trainedOn() == null ? "" : " (trained on " + cell.trainedOn() + ")")));
        md.append(String.join("; ", models.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()))
                .append(".\n\nFamilies: ");
        Set<DatasetFamily> families = new LinkedHashSet<>();
        cells.forEach(cell -> families.add(cell.family()));
        md.append(String.join("; ", families.stream().map(f -> "**" + f.label() + "**: " + f.description()).toList()))
                .append(". A claim of generalisation rests on the independent sets only.\n\n");
        md.append(table());
        md.append("\nReproduce: `").append(command).append("`\n\n");
        recallOfWeakest(md);
        return md.toString();
    }

    private void recallOfWeakest(StringBuilder md) {
        List<String> weakest = weakest();
        md.append("## Per-class recall of the weakest sets\n\n");
        md.append("The ").append(weakest.size()).append(" set").append(weakest.size() == 1 ? "" : "s")
                .append(" whose best model has the highest error, hardest first; recall of each digit by each model.\n\n");
        List<String> header = new ArrayList<>(List.of("dataset", "model"));
        for (int c = 0; c < ConfusionMatrix.CLASSES; c++) {
            header.add(Integer.toString(c));
        }
        md.append(row(header.toArray(String[]::new)));
        md.append("|---|---|").append("--:|".repeat(ConfusionMatrix.CLASSES)).append('\n');
        for (String dataset : weakest) {
            for (Cell cell : cells) {
                if (cell.dataset().equals(dataset)) {
                    List<String> cellsOfRow = new ArrayList<>(List.of(dataset, cell.model()));
                    Arrays.stream(cell.recall()).mapToObj(r -> Double.isNaN(r) ? "—" : Numbers.percent(r)).forEach(cellsOfRow::add);
                    md.append(row(cellsOfRow.toArray(String[]::new)));
                }
            }
        }
    }

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cell cell : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dataset", cell.dataset());
            row.put("family", cell.family().label());
            row.put("model", cell.model());
            row.put("modelVersion", cell.modelVersion());
            row.put("trainedOn", cell.trainedOn());
            row.put("n", cell.n());
            row.put("errors", cell.errors());
            row.put("errorRate", cell.n() == 0 ? null : cell.errorRate());
            row.put("errorRate95", Arrays.stream(cell.errorRate95()).boxed().toList());
            row.put("deadLetters", cell.deadLetters());
            row.put("support", cell.support());
            row.put("recall", Arrays.stream(cell.recall()).mapToObj(r -> Double.isNaN(r) ? null : r).toList());
            rows.add(row);
        }
        json.put("rows", rows);
        json.put("weakest", weakest());
        return json;
    }

    private static String row(String... cells) {
        return Numbers.row(cells) + "\n";
    }
}
