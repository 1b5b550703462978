package io.digitstream.classifier.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelMetadata;
import io.digitstream.schemas.ModelRelease;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a release into an engine the stream can classify with, or refuses it: the SHA-256 of its bytes, its signature
 * when a key is configured, the metadata naming the same version, then what loading a model file checks
 * ({@link DigitModel#load}: shape and probabilities) and what the engine checks when it opens it
 * ({@link Engines#open}: the agreement gate of derived engines).
 */
final class ModelOpener {

    /** Why a release is not served. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }

        Refused(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private final PublicKey verifyKey;
    private final String engine;
    private final Map<String, String> engineSettings;

    ModelOpener(PublicKey verifyKey, String engine, Map<String, String> engineSettings) {
        this.verifyKey = verifyKey;
        this.engine = engine;
        this.engineSettings = engineSettings;
    }

    /** A verified model, opened on the configured engine, and its metadata (calibration, drift reference). */
    record Opened(InferenceEngine engine, ModelMetadata metadata) {
    }

    Opened open(ModelRelease release) throws Refused {
        String actual = RegistryRecords.sha256(release.getModelBytes());
        if (!actual.equals(release.getSha256())) {
            throw new Refused("model bytes have SHA-256 " + actual + ", the release says " + release.getSha256());
        }
        if (verifyKey != null) {
            String refusal = SigningKeys.refusal(release, verifyKey);
            if (refusal != null) {
                throw new Refused("release " + refusal);
            }
        }
        String named;
        try {
            JsonNode metadata = new ObjectMapper().readTree(release.getMetadataJson());
            named = metadata.path("version").asText("");
        } catch (IOException e) {
            throw new Refused("metadata is not JSON: " + e.getMessage(), e);
        }
        if (!release.getVersion().equals(named)) {
            throw new Refused("metadata names version '" + named + "'");
        }
        DigitModel model = load(release);
        try {
            return new Opened(Engines.open(engine, model, engineSettings), model.metadata());
        } catch (IOException | RuntimeException e) {
            throw new Refused("engine " + Engines.resolve(engine) + " refuses it: " + e.getMessage(), e);
        }
    }

    /** {@link DigitModel#load} reads a file and its metadata beside it: both go to a directory of their own, deleted after. */
    private static DigitModel load(ModelRelease release) throws Refused {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("digits-model-");
            Path file = dir.resolve("model.zip");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = release.getModelBytes().duplicate();
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            Files.writeString(ModelMetadata.pathFor(file), release.getMetadataJson(), StandardCharsets.UTF_8);
            return DigitModel.load(file);
        } catch (IOException | RuntimeException e) {
            throw new Refused("not a servable model: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a swap for
        }
    }
}
