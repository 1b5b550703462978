package io.digitstream.classifier.registry;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.LayeredConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The model registry's settings ({@code docs/registry.md}): its compacted topic, the largest record it holds (model
 * bytes travel inline), the key whose signature the service requires, and whether the service follows it.
 *
 * @param maxRecordBytes the topic's {@code max.message.bytes} and the publisher's {@code max.request.size}; readers
 *                       fetch this much
 * @param verifyKey      Ed25519 public key file; when set, only releases and roles signed with its private key serve
 */
public record RegistryConfig(String topic, int maxRecordBytes, Optional<Path> verifyKey, boolean follow) {

    public static final ConfigKey<String> TOPIC = ConfigKey.text("digits.topic.models", "digit-models",
            "the model registry topic (compacted, 1 partition): ModelRelease and ModelRoles records");
    /** The model zip is 1.75 MB; room for models several times larger. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** Below this no model fits. */
    public static final int MIN_RECORD_BYTES = 64 * 1024;
    public static final ConfigKey<Integer> MAX_RECORD_BYTES = ConfigKey.integer("digits.models.max.bytes",
            DEFAULT_MAX_RECORD_BYTES, MIN_RECORD_BYTES, Integer.MAX_VALUE,
            "largest model registry record: the topic's max.message.bytes, the publisher's max.request.size and the"
                    + " followers' fetch size");
    public static final ConfigKey<String> VERIFY_KEY = ConfigKey.text("digits.models.verify.key", "",
            "Ed25519 public key file (PEM or DER, from models keygen): when set, only registry releases and roles"
                    + " signed with its private key are accepted; empty: unsigned ones too");
    public static final ConfigKey<Boolean> FOLLOW = ConfigKey.bool("digits.models.follow", true,
            "follow the model registry topic: serve its champion (and challenger), swapped between batches");

    public static final List<ConfigKey<?>> KEYS = List.of(TOPIC, MAX_RECORD_BYTES, VERIFY_KEY, FOLLOW);

    public static final RegistryConfig DEFAULT = new RegistryConfig(TOPIC.defaultValue(), DEFAULT_MAX_RECORD_BYTES,
            Optional.empty(), true);

    public static RegistryConfig from(LayeredConfig config) {
        String key = VERIFY_KEY.get(config).strip();
        return new RegistryConfig(TOPIC.get(config), MAX_RECORD_BYTES.get(config),
                key.isEmpty() ? Optional.empty() : Optional.of(Path.of(key)), FOLLOW.get(config));
    }

    /**
     * The largest {@code ModelRelease} value a publisher sends: the record limit less the framing of a record in a
     * batch of one and the longest key ({@code release/} and a version of at most {@link RegistryRecords#MAX_VERSION_BYTES}).
     */
    public int maxValueBytes() {
        return maxRecordBytes - RegistryRecords.RECORD_FRAMING - RegistryRecords.MAX_KEY_BYTES;
    }
}
