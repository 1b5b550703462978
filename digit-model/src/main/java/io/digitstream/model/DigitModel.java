package io.digitstream.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained digit classifier and its metadata, and the built-in ({@code dl4j}) {@link InferenceEngine}.
 * DL4J's {@code output} is synchronized per network, so each stream thread classifies with its own {@link #copy()}.
 */
public final class DigitModel implements InferenceEngine {

    private static final Logger log = LoggerFactory.getLogger(DigitModel.class);

    public static final int INPUTS = 28 * 28;
    public static final int CLASSES = 10;

    private final MultiLayerNetwork network;
    private final ModelMetadata metadata;

    public DigitModel(MultiLayerNetwork network, ModelMetadata metadata) {
        this.network = network;
        this.metadata = metadata;
    }

    /**
     * Loads a model file and its metadata, refusing files whose SHA-256 does not match the metadata
     * (a corrupt or swapped model must not serve predictions).
     */
    public static DigitModel load(Path file) throws IOException {
        NativeBackend.init();
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "model file not found; build one with `bin/digits train`");
        }
        Path metadataFile = ModelMetadata.pathFor(file);
        if (!Files.isRegularFile(metadataFile)) {
            throw new NoSuchFileException(metadataFile.toString(), null, "model " + file + " has no metadata file: without"
                    + " it the model cannot be verified (`bin/digits train` writes both; keep them side by side)");
        }
        ModelMetadata metadata;
        try {
            metadata = ModelMetadata.read(file);
        } catch (IOException e) {
            throw new IOException("cannot read the metadata of model " + file + " at " + metadataFile + ": " + e.getMessage(), e);
        }
        if (metadata.modelSha256() == null || metadata.modelSha256().isBlank()) {
            throw new IOException("the metadata " + metadataFile + " holds no modelSha256: model " + file + " cannot be verified");
        }
        String actual = sha256(file);
        if (!metadata.modelSha256().equals(actual)) {
            throw new IOException("model " + file + " is corrupt or was replaced: SHA-256 " + actual
                    + " does not match its metadata " + metadata.modelSha256());
        }
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new IOException("model " + file + " is not a loadable DL4J network: " + e.getMessage(), e);
        }
        DigitModel model = new DigitModel(network, metadata);
        float[] probe;
        try {
            probe = model.classify(new float[1][INPUTS])[0];
        } catch (RuntimeException e) {
            throw new IOException("model " + file + " is incompatible: it does not take 28x28x1 inputs: " + e.getMessage(), e);
        }
        if (probe.length != CLASSES) {
            throw new IOException("model " + file + " is incompatible: it outputs " + probe.length + " classes, not 10");
        }
        double sum = 0;
        for (float p : probe) {
            sum += p >= 0 ? p : Double.NaN;
        }
        if (!(Math.abs(sum - 1) < 1e-3)) {
            throw new IOException("model " + file + " is incompatible: its output is not a probability distribution"
                    + " (10 values summing to 1; a blank image gave a sum of " + sum + ")");
        }
        if (!metadata.calibration().isCalibrated()) {
            log.info("model {} has no calibration in its metadata: its confidences are used as they are (temperature 1);"
                    + " fit one with `bin/digits evaluate --calibrate --model {}`", file, file);
        }
        return model;
    }

    /** Softmax probabilities, one row of 10 per input row of 784 floats. */
    @Override
    public float[][] classify(float[][] inputs) {
        INDArray features = Nd4j.create(inputs);
        try (INDArray output = network.output(features, false)) {
            return output.toFloatMatrix();
        } finally {
            features.close();
        }
    }

    /** A copy with its own parameters, for one more thread. */
    @Override
    public DigitModel copy() {
        return new DigitModel(network.clone(), metadata);
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public String version() {
        return metadata.version();
    }

    @Override
    public Calibration calibration() {
        return metadata == null ? Calibration.NONE : metadata.calibration();
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
