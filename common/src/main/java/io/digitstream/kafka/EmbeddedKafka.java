package io.digitstream.kafka;

import io.digitstream.config.Topics;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft Kafka cluster inside this JVM, from Kafka's own {@code KafkaClusterTestKit}: brokers
 * and controllers on loopback with their logs in a temporary directory deleted on close. Used by the
 * demo and the integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The group and transactional id asked about to create the coordinators' topics. */
    private static final String WARM_UP = "digits-warm-up";

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** One combined broker+controller node: the demo and most tests. */
    public static EmbeddedKafka singleNode() throws Exception {
        return start(1, Map.of());
    }

    /**
     * {@code brokers} brokers (combined with controllers when there is one node), internal topics
     * replicated as widely as the cluster allows so exactly-once works at any size.
     */
    public static EmbeddedKafka start(int brokers, Map<String, String> brokerProperties) throws Exception {
        String replication = String.valueOf(Math.min(3, brokers));
        String minInSync = String.valueOf(Math.min(2, brokers));
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder(productionFeatures())
                .setCombined(brokers == 1)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", replication)
                .setConfigProp("transaction.state.log.replication.factor", replication)
                .setConfigProp("transaction.state.log.min.isr", minInSync)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // Kafka Streams groups (group.protocol=streams) get their tasks at once: no waiting for more members,
                // no batching of assignments, and the next heartbeat soon after the broker created the internal topics.
                .setConfigProp("group.streams.initial.rebalance.delay.ms", "0")
                .setConfigProp("group.streams.assignment.interval.ms", "0")
                .setConfigProp("group.streams.min.heartbeat.interval.ms", "250")
                .setConfigProp("group.streams.heartbeat.interval.ms", "250")
                .setConfigProp("auto.create.topics.enable", "false");
        brokerProperties.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            formatWithoutStdout(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    /**
     * The test kit's storage formatter reports each node it formats on {@code System.out}, with no way to pass it
     * another stream; a command that prints JSON ({@code demo --json}) keeps standard output for its result, so the report
     * goes to standard error instead.
     */
    private static void formatWithoutStdout(KafkaClusterTestKit cluster) throws Exception {
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            cluster.format();
        } finally {
            System.setOut(out);
        }
    }

    /**
     * The metadata version and feature levels {@code kafka-storage format} gives a new cluster of this Kafka release
     * (the test kit's own bootstrap finalizes the metadata version alone): transaction.version 2 for exactly-once,
     * group.version and streams.version 1 for the consumer and Kafka Streams rebalance protocols (KIP-848, KIP-1071).
     */
    private static BootstrapMetadata productionFeatures() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new TreeMap<>();
        levels.put(MetadataVersion.FEATURE_NAME, version.featureLevel());
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            if (feature != Feature.KRAFT_VERSION) { // the quorum's own, not a metadata record
                levels.put(feature.featureName(), feature.defaultLevel(version));
            }
        }
        return BootstrapMetadata.fromVersions(version, levels, "digit-stream embedded cluster");
    }

    /**
     * Creates the group and transaction coordinators' topics now rather than at the first group member or
     * transactional producer, which would otherwise wait for them.
     */
    public void createCoordinatorTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            // Finding a coordinator creates its topic and waits until it is loaded; the group and id do not exist.
            awaitNotFound(admin.describeConsumerGroups(List.of(WARM_UP)).all(), GroupIdNotFoundException.class);
            awaitNotFound(admin.describeTransactions(List.of(WARM_UP)).all(), TransactionalIdNotFoundException.class);
        }
    }

    private static void awaitNotFound(KafkaFuture<?> lookUp, Class<? extends ApiException> notFound)
            throws InterruptedException, ExecutionException {
        try {
            lookUp.get();
        } catch (ExecutionException e) {
            if (!notFound.isInstance(e.getCause())) {
                throw e;
            }
        }
    }

    /**
     * Turns a feature off, as {@code kafka-features.sh downgrade --feature NAME=0} does: e.g. {@code streams.version},
     * for a cluster without the Kafka Streams rebalance protocol, like one older than Kafka 4.1.
     */
    public void disableFeature(String name) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.updateFeatures(Map.of(name, new FeatureUpdate((short) 0, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                    new UpdateFeaturesOptions()).all().get();
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return cluster.admin();
    }

    public void createTopics(List<String> names, int partitions, short replication) throws InterruptedException {
        try (Admin admin = admin()) {
            Topics.create(admin, names, partitions, replication);
        }
    }

    /** The underlying test kit, for fault injection (stopping brokers) in tests. */
    public KafkaClusterTestKit cluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
