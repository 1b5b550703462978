package io.digitstream.kafka;

import io.digitstream.config.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft Kafka cluster inside this JVM, from Kafka's own {@code KafkaClusterTestKit}: brokers
 * and controllers on loopback with their logs in a temporary directory deleted on close. Used by the
 * demo and the integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

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
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(brokers == 1)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build())
                .setConfigProp("offsets.topic.replication.factor", replication)
                .setConfigProp("transaction.state.log.replication.factor", replication)
                .setConfigProp("transaction.state.log.min.isr", minInSync)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false");
        brokerProperties.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
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
