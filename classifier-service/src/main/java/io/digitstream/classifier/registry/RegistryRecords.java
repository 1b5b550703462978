package io.digitstream.classifier.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelMetadata;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** The registry topic's keys and records: {@code release/<version>} → {@link ModelRelease}, {@code roles} → {@link ModelRoles}. */
public final class RegistryRecords {

    public static final String ROLES_KEY = "roles";
    public static final String RELEASE_PREFIX = "release/";
    /** A version longer than this is refused: it is in every prediction, and bounds the key. */
    public static final int MAX_VERSION_BYTES = 256;
    static final int MAX_KEY_BYTES = RELEASE_PREFIX.length() + MAX_VERSION_BYTES;
    /** A record in a batch of one besides key and value, as the producer estimates it (see RecordBudget). */
    static final int RECORD_FRAMING = 128;

    private RegistryRecords() {
    }

    /** The key of {@code version}'s release; refuses a blank version or one over {@value #MAX_VERSION_BYTES} bytes. */
    public static String releaseKey(String version) {
        return RELEASE_PREFIX + checkVersion(version);
    }

    static String checkVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a model version must not be blank");
        }
        int bytes = version.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VERSION_BYTES) {
            throw new IllegalArgumentException("model version of " + bytes + " bytes is too long: at most "
                    + MAX_VERSION_BYTES);
        }
        return version;
    }

    /**
     * The release of a model file and its metadata ({@code <model>.json} beside it), checked as the service will
     * check it: the metadata names a version and the SHA-256 of these bytes.
     */
    public static ModelRelease release(Path modelFile, String publisher, Instant now) throws IOException {
        if (!Files.isRegularFile(modelFile)) {
            throw new NoSuchFileException(modelFile.toString(), null, "model file not found");
        }
        Path metadataFile = ModelMetadata.pathFor(modelFile);
        if (!Files.isRegularFile(metadataFile)) {
            throw new NoSuchFileException(metadataFile.toString(), null, "model " + modelFile
                    + " has no metadata file beside it (bin/digits train writes both)");
        }
        byte[] model = Files.readAllBytes(modelFile);
        String metadata = Files.readString(metadataFile, StandardCharsets.UTF_8);
        String sha256 = sha256(model);
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(metadata);
        } catch (IOException e) {
            throw new IOException("metadata " + metadataFile + " is not JSON: " + e.getMessage(), e);
        }
        String version = json.path("version").asText("");
        if (version.isBlank()) {
            throw new IOException("metadata " + metadataFile + " names no version");
        }
        if (!sha256.equals(json.path("modelSha256").asText(""))) {
            throw new IOException("model " + modelFile + " is corrupt or was replaced: SHA-256 " + sha256
                    + " does not match its metadata's modelSha256");
        }
        return ModelRelease.newBuilder().setVersion(checkVersion(version)).setSha256(sha256).setMetadataJson(metadata)
                .setModelBytes(ByteBuffer.wrap(model)).setPublishedAt(now).setPublisher(publisher).setSignature(null)
                .build();
    }

    /** The roles of an empty registry: the instances serve their own model files. */
    public static ModelRoles emptyRoles(Instant now) {
        return ModelRoles.newBuilder().setChampion(null).setHistory(List.of()).setChallenger(null).setCanaryShare(0)
                .setRetired(List.of()).setUpdatedAt(now).setSignature(null).build();
    }

    /** Lower-case hex SHA-256, as in the model metadata ({@link DigitModel#sha256}). */
    public static String sha256(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        return sha256(raw);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
