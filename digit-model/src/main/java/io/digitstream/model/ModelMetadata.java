package io.digitstream.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitstream.command.OutputException;
import io.digitstream.metrics.DriftReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a model file is and how it was made, written as JSON beside it ({@code <model>.json}): enough
 * to reproduce it (command, seed, parameters, data checksums) and to trust it (its own SHA-256).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        String version,
        String createdAt,
        String architecture,
        long parameterCount,
        TrainingParameters parameters,
        Map<String, String> dataMd5,
        int trainImages,
        int epochsRun,
        List<EpochRecord> history,
        double testAccuracy,
        double trainingSeconds,
        double trainImagesPerSecond,
        Double secondsTo994,
        boolean oneDnn,
        String reproduce,
        String modelSha256,
        StreamSnapshot streamSnapshot,
        Calibration calibration,
        DriftReference driftReference,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Ingredient> soupOf) {

    /** Metadata of models made before calibration existed reads with none: {@link Calibration#NONE} (T = 1). */
    public ModelMetadata {
        calibration = calibration == null ? Calibration.NONE : calibration;
        soupOf = soupOf == null ? List.of() : List.copyOf(soupOf);
    }

    /** As written before model soups existed: trained, not averaged. */
    public ModelMetadata(String version, String createdAt, String architecture, long parameterCount,
            TrainingParameters parameters, Map<String, String> dataMd5, int trainImages, int epochsRun,
            List<EpochRecord> history, double testAccuracy, double trainingSeconds, double trainImagesPerSecond,
            Double secondsTo994, boolean oneDnn, String reproduce, String modelSha256, StreamSnapshot streamSnapshot,
            Calibration calibration, DriftReference driftReference) {
        this(version, createdAt, architecture, parameterCount, parameters, dataMd5, trainImages, epochsRun, history,
                testAccuracy, trainingSeconds, trainImagesPerSecond, secondsTo994, oneDnn, reproduce, modelSha256,
                streamSnapshot, calibration, driftReference, List.of());
    }

    /** As written before calibration, drift references and stream snapshots existed: uncalibrated, no drift reference, trained on files only. */
    public ModelMetadata(String version, String createdAt, String architecture, long parameterCount,
            TrainingParameters parameters, Map<String, String> dataMd5, int trainImages, int epochsRun,
            List<EpochRecord> history, double testAccuracy, double trainingSeconds, double trainImagesPerSecond,
            Double secondsTo994, boolean oneDnn, String reproduce, String modelSha256) {
        this(version, createdAt, architecture, parameterCount, parameters, dataMd5, trainImages, epochsRun, history,
                testAccuracy, trainingSeconds, trainImagesPerSecond, secondsTo994, oneDnn, reproduce, modelSha256, null, null, null);
    }

    /** Per-epoch progress, for training curves; {@code validationLoss} is null in models that predate it. */
    public record EpochRecord(int epoch, double trainLoss, double validationAccuracy, double testAccuracy,
            double seconds, double learningRate, Double validationLoss) {
    }

    /**
     * One of the models whose weights a soup averages (empty {@code soupOf}: a model made by training), with what it
     * takes to make it again.
     */
    public record Ingredient(String version, String modelSha256, String reproduce) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static Path pathFor(Path model) {
        String name = model.getFileName().toString();
        String base = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return model.resolveSibling(base + ".json");
    }

    public static ModelMetadata read(Path model) throws IOException {
        return JSON.readValue(pathFor(model).toFile(), ModelMetadata.class);
    }

    public void write(Path model) throws IOException {
        String json = JSON.writeValueAsString(this) + "\n";
        OutputException.writing(pathFor(model), () -> Files.writeString(pathFor(model), json));
    }

    public ModelMetadata withSha256(String sha256) {
        return new ModelMetadata(version, createdAt, architecture, parameterCount, parameters, dataMd5, trainImages,
                epochsRun, history, testAccuracy, trainingSeconds, trainImagesPerSecond, secondsTo994, oneDnn,
                reproduce, sha256, streamSnapshot, calibration, driftReference, soupOf);
    }

    public ModelMetadata withCalibration(Calibration fitted) {
        return new ModelMetadata(version, createdAt, architecture, parameterCount, parameters, dataMd5, trainImages,
                epochsRun, history, testAccuracy, trainingSeconds, trainImagesPerSecond, secondsTo994, oneDnn,
                reproduce, modelSha256, streamSnapshot, fitted, driftReference, soupOf);
    }

    /** This metadata for a model fine-tuned from {@code snapshot}. */
    public ModelMetadata withStreamSnapshot(StreamSnapshot snapshot) {
        return new ModelMetadata(version, createdAt, architecture, parameterCount, parameters, dataMd5, trainImages,
                epochsRun, history, testAccuracy, trainingSeconds, trainImagesPerSecond, secondsTo994, oneDnn,
                reproduce, modelSha256, snapshot, calibration, driftReference, soupOf);
    }

    public ModelMetadata withDriftReference(DriftReference reference) {
        return new ModelMetadata(version, createdAt, architecture, parameterCount, parameters, dataMd5, trainImages,
                epochsRun, history, testAccuracy, trainingSeconds, trainImagesPerSecond, secondsTo994, oneDnn,
                reproduce, modelSha256, streamSnapshot, calibration, reference, soupOf);
    }
}
