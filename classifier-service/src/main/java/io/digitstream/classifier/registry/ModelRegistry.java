package io.digitstream.classifier.registry;

import io.digitstream.kafka.GrouplessConsumer;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import io.digitstream.schemas.serde.ContractSerdes;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The client side of the registry topic: creating it, reading its state, publishing releases and changing roles
 * (what {@code bin/digits models} runs). Writes are transactional, so a release published with a role lands with
 * its roles record or not at all; readers read committed records only.
 */
public final class ModelRegistry implements AutoCloseable {

    /** The topic's one partition: compaction keeps the latest record of each key, in one order. */
    static final int PARTITION = 0;

    private final Properties kafka;
    private final RegistryConfig config;
    private final Clock clock;
    private KafkaProducer<byte[], byte[]> producer;

    public ModelRegistry(Properties kafka, RegistryConfig config, Clock clock) {
        this.kafka = kafka;
        this.config = config;
        this.clock = clock;
    }

    public RegistryConfig config() {
        return config;
    }

    /** Creates the registry topic when it does not exist: compacted, one partition, records up to the configured size. */
    public static void createTopic(Admin admin, RegistryConfig config, short replication) throws InterruptedException {
        NewTopic topic = new NewTopic(config.topic(), Optional.of(1),
                replication < 1 ? Optional.empty() : Optional.of(replication)).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(config.maxRecordBytes())));
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("cannot create the model registry topic " + config.topic() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** The consumer settings every reader of the registry uses: committed records, fetches as large as a record. */
    static Properties consumerProperties(Properties kafka, RegistryConfig config) {
        Properties properties = GrouplessConsumer.properties(kafka);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        String fetch = Integer.toString(Math.max(config.maxRecordBytes(), ConsumerConfig.DEFAULT_MAX_PARTITION_FETCH_BYTES));
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetch);
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetch);
        return properties;
    }

    static KafkaConsumer<byte[], byte[]> consumer(Properties kafka, RegistryConfig config) {
        return new KafkaConsumer<>(consumerProperties(kafka, config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Everything committed to the registry topic so far. */
    public RegistryState read(Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, config)) {
            if (consumer.partitionsFor(config.topic(), timeout).isEmpty()) {
                throw new KafkaException("the model registry topic " + config.topic() + " does not exist: models publish"
                        + " or serve creates it");
            }
            TopicPartition partition = new TopicPartition(config.topic(), PARTITION);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            RegistryState state = new RegistryState();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the model registry topic " + config.topic() + " was not read to its end"
                            + " (offset " + end + ") within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    state.apply(record);
                }
            }
            return state;
        }
    }

    /**
     * Publishes {@code release}, and {@code roles} with it in one transaction when not null.
     *
     * @throws IllegalArgumentException when the release record is over {@link RegistryConfig#maxValueBytes()}
     */
    public void publish(ModelRelease release, ModelRoles roles) {
        byte[] value = ContractSerdes.modelRelease().serialize(config.topic(), release);
        if (value.length > config.maxValueBytes()) {
            throw new IllegalArgumentException("the release of " + release.getVersion() + " is " + value.length
                    + " bytes, over the registry's limit of " + config.maxValueBytes() + " (" + RegistryConfig.MAX_RECORD_BYTES.name()
                    + "=" + config.maxRecordBytes() + " less the record's key and framing); raise it for the topic's"
                    + " writers and readers alike");
        }
        send(List.of(new ProducerRecord<>(config.topic(), PARTITION, bytes(RegistryRecords.releaseKey(release.getVersion())), value)),
                roles);
    }

    /** Publishes {@code roles} as they are (already signed when a signature is wanted). */
    public void publishRoles(ModelRoles roles) {
        send(List.of(), roles);
    }

    /**
     * Publishes {@code release} and, in the same transaction, the roles {@code change} makes of the current ones
     * with this release among the released versions (e.g. {@link #promote} of its version).
     *
     * @return the roles published
     */
    public ModelRoles publish(ModelRelease release, Function<RoleChanges, ModelRoles> change, PrivateKey signer,
            Duration timeout) {
        RegistryState state = read(timeout);
        ModelRoles current = state.roles() == null ? RegistryRecords.emptyRoles(clock.instant()) : state.roles();
        java.util.Set<String> released = new java.util.HashSet<>(state.releases().keySet());
        released.add(release.getVersion());
        ModelRoles next = change.apply(new RoleChanges(current, released, clock.instant()));
        if (signer != null) {
            SigningKeys.sign(next, signer);
        }
        publish(release, next);
        return next;
    }

    /**
     * Reads the roles, changes them with {@code change} (which refuses what may not be done), signs them with
     * {@code signer} unless null, and publishes them.
     *
     * @return the roles published
     */
    public ModelRoles changeRoles(Function<RoleChanges, ModelRoles> change, PrivateKey signer, Duration timeout) {
        RegistryState state = read(timeout);
        ModelRoles current = state.roles() == null ? RegistryRecords.emptyRoles(clock.instant()) : state.roles();
        ModelRoles next = change.apply(new RoleChanges(current, state.releases().keySet(), clock.instant()));
        if (signer != null) {
            SigningKeys.sign(next, signer);
        }
        send(List.of(), next);
        return next;
    }

    /** The change of a role, for {@link #changeRoles}. */
    public static Function<RoleChanges, ModelRoles> promote(String version) {
        return changes -> changes.promote(version);
    }

    public static Function<RoleChanges, ModelRoles> rollback() {
        return RoleChanges::rollback;
    }

    public static Function<RoleChanges, ModelRoles> retire(String version) {
        return changes -> changes.retire(version);
    }

    public static Function<RoleChanges, ModelRoles> challenge(String version, double canaryShare) {
        return changes -> changes.challenge(version, canaryShare);
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records, ModelRoles roles) {
        KafkaProducer<byte[], byte[]> producer = producer();
        producer.beginTransaction();
        try {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            if (roles != null) {
                producer.send(new ProducerRecord<>(config.topic(), PARTITION, bytes(RegistryRecords.ROLES_KEY),
                        ContractSerdes.modelRoles().serialize(config.topic(), roles)));
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.putAll(kafka);
            properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(config.maxRecordBytes()));
            properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(32L << 20, 2L * config.maxRecordBytes())));
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "digits-models-" + UUID.randomUUID());
            producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        return producer;
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
