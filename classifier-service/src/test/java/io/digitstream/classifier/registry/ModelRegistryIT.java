package io.digitstream.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.serde.ContractSerdes;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's record limit on a real broker: releases at the limit less one and at the limit land, one byte more is refused. */
class ModelRegistryIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.singleNode();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static Properties client() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    @Test
    void releasesUpToTheLimitLandAndOneByteMoreIsRefused() throws Exception {
        // A small limit keeps the test cheap; the longest version makes the longest key, the worst case of the framing.
        RegistryConfig config = new RegistryConfig("sized-models", 4 * RegistryConfig.MIN_RECORD_BYTES, Optional.empty(), true);
        try (Admin admin = kafka.admin()) {
            ModelRegistry.createTopic(admin, config, (short) 1);
        }
        int limit = config.maxValueBytes();
        ModelRelease below = sized('a', limit - 1);
        ModelRelease at = sized('b', limit);
        ModelRelease over = sized('c', limit + 1);
        try (ModelRegistry registry = new ModelRegistry(client(), config, Clock.systemUTC())) {
            registry.publish(below, null);
            registry.publish(at, null);
            assertThatThrownBy(() -> registry.publish(over, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining((limit + 1) + " bytes, over the registry's limit of " + limit)
                    .hasMessageContaining(RegistryConfig.MAX_RECORD_BYTES.name());

            RegistryState state = registry.read(Duration.ofSeconds(30));
            assertThat(state.releases()).containsOnlyKeys(below.getVersion(), at.getVersion());
            assertThat(state.releases().get(at.getVersion()).getModelBytes()).isEqualTo(at.getModelBytes());
            assertThat(state.unreadable()).isEmpty();
        }
        // The topic's own limit is the configured one: past the client's check, the broker refuses the record.
        Properties raw = client();
        raw.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * config.maxRecordBytes()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(raw, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[config.maxRecordBytes() + 1];
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(config.topic(), "release/x".getBytes(), value)).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void readingARegistryThatDoesNotExistSaysSo() {
        RegistryConfig config = new RegistryConfig("no-such-models", RegistryConfig.DEFAULT_MAX_RECORD_BYTES, Optional.empty(), true);
        try (ModelRegistry registry = new ModelRegistry(client(), config, Clock.systemUTC())) {
            assertThatThrownBy(() -> registry.read(Duration.ofSeconds(10)))
                    .isInstanceOf(org.apache.kafka.common.KafkaException.class).hasMessageContaining("does not exist");
        }
    }

    /** A release of a {@link RegistryRecords#MAX_VERSION_BYTES}-byte version whose record value is exactly {@code valueBytes}. */
    private static ModelRelease sized(char versionChar, int valueBytes) {
        String version = String.valueOf(versionChar).repeat(RegistryRecords.MAX_VERSION_BYTES);
        int n = valueBytes - 1000;
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] model = new byte[n];
            ModelRelease release = ModelRelease.newBuilder().setVersion(version)
                    .setSha256(RegistryRecords.sha256(ByteBuffer.wrap(model))).setMetadataJson("{}")
                    .setModelBytes(ByteBuffer.wrap(model)).setPublishedAt(Instant.EPOCH).setPublisher(null)
                    .setSignature(null).build();
            int size = ContractSerdes.modelRelease().serialize("t", release).length;
            if (size == valueBytes) {
                return release;
            }
            n += valueBytes - size;
        }
        throw new IllegalStateException("no release of exactly " + valueBytes + " bytes");
    }
}
