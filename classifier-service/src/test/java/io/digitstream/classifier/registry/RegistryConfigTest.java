package io.digitstream.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.LayeredConfig;
import io.digitstream.model.TestModels;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's keys as the service reads them, their limits, and a verify key that cannot be read. */
class RegistryConfigTest {

    @TempDir
    Path dir;

    private ServiceConfig config(Map<String, String> keys) {
        Map<String, String> flags = new HashMap<>(keys);
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        flags.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        flags.put(HttpConfig.PORT.name(), "-1");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    @Test
    void defaultsFollowTheDigitModelsTopicWithSixteenMebibyteRecordsAndNoKey() {
        RegistryConfig registry = config(Map.of()).registry();
        assertThat(registry).isEqualTo(RegistryConfig.DEFAULT);
        assertThat(registry.topic()).isEqualTo("digit-models");
        assertThat(registry.maxRecordBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(registry.maxValueBytes()).isEqualTo(16 * 1024 * 1024 - 128 - 264);
        assertThat(registry.follow()).isTrue();
        assertThat(registry.verifyKey()).isEmpty();
        assertThat(config(Map.of(RegistryConfig.FOLLOW.name(), "false", RegistryConfig.VERIFY_KEY.name(), "/k.pub"))
                .registry()).isEqualTo(new RegistryConfig("digit-models", 16 * 1024 * 1024, java.util.Optional.of(Path.of("/k.pub")), false));
    }

    @Test
    void theRecordLimitHasAFloor() {
        int floor = RegistryConfig.MIN_RECORD_BYTES;
        assertThatThrownBy(() -> config(Map.of(RegistryConfig.MAX_RECORD_BYTES.name(), Integer.toString(floor - 1))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("digits.models.max.bytes=65535 is out of range");
        assertThat(config(Map.of(RegistryConfig.MAX_RECORD_BYTES.name(), Integer.toString(floor))).registry().maxRecordBytes())
                .isEqualTo(floor);
        assertThat(config(Map.of(RegistryConfig.MAX_RECORD_BYTES.name(), Integer.toString(floor + 1))).registry().maxRecordBytes())
                .isEqualTo(floor + 1);
    }

    @Test
    void aVerifyKeyThatCannotBeReadStopsTheServiceBeforeItStarts() {
        ServiceConfig missing = config(Map.of(RegistryConfig.VERIFY_KEY.name(), dir.resolve("nope.pub").toString()));
        assertThatThrownBy(() -> new ClassifierService(missing, TestModels.shipped())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.pub: key file not found");
        ServiceConfig notAKey = config(Map.of(RegistryConfig.VERIFY_KEY.name(), "../models/mnist-clean.json"));
        assertThatThrownBy(() -> new ClassifierService(notAKey, TestModels.shipped())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is not an Ed25519 public key");
    }
}
