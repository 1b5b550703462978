package io.digitstream.lab.baseline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitstream.command.OutputException;
import io.digitstream.metrics.ConfusionMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code bin/digits baseline} measured, as committed in {@code models/forest-baseline.json}: both
 * forest setups with their metrics in the same JSON shape as {@code evaluate} prints.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForestBaselineResult(
        String library,
        String createdAt,
        String command,
        long seed,
        Setup searched,
        Setup full) {

    public static final String DEFAULT_FILE = "models/forest-baseline.json";

    /**
     * One forest trained and scored on the test set.
     *
     * @param search the cross-validated search that chose {@code parameters}; null when they were given
     * @param metrics the {@link io.digitstream.metrics.MetricsJson} object of its test-set predictions
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Setup(
            String description,
            int trainRows,
            ForestParameters parameters,
            Search search,
            double trainingSeconds,
            Map<String, Object> metrics) {

        /** The test-set confusion matrix, from which every metric of the report is derived. */
        @JsonIgnore
        public ConfusionMatrix confusion() {
            return ConfusionMatrix.of(JSON.convertValue(metrics.get("confusion"), long[][].class));
        }
    }

    /** A randomized search scored by k-fold cross-validation accuracy on the training rows. */
    public record Search(int folds, double seconds, List<CrossValidatedSearch.ScoredCandidate> candidates) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@value #DEFAULT_FILE} under the installation ({@code -Ddigits.home}, set by bin/digits), else under the working directory. */
    public static Path defaultPath() {
        String home = System.getProperty("digits.home");
        return home == null ? Path.of(DEFAULT_FILE) : Path.of(home).resolve(DEFAULT_FILE);
    }

    public static ForestBaselineResult read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ForestBaselineResult.class);
    }

    public void write(Path file) throws IOException {
        String json = JSON.writeValueAsString(this) + "\n";
        OutputException.writing(file, () -> {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json);
        });
    }
}
