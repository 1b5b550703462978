package io.digitstream.testing;

import java.util.Locale;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A one-node KRaft cluster with SASL and ACLs for the security tests: the test kit's PLAIN super user plus
 * SCRAM-SHA-256 for clients on the external listener, and single-node settings for the internal topics.
 */
public final class SaslClusters {

    private SaslClusters() {
    }

    /** One combined broker and controller on SASL_PLAINTEXT listeners (the kit then sets up PLAIN and ACLs). */
    public static TestKitNodes singleNode() {
        return new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
    }

    /** The cluster of {@code nodes} with SCRAM-SHA-256 on the broker listener; callers may add properties. */
    public static KafkaClusterTestKit.Builder scram(TestKitNodes nodes) {
        return new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256")
                .setConfigProp("listener.name." + nodes.brokerListenerName().value().toLowerCase(Locale.ROOT)
                        + ".scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false");
    }

    /** Formats and starts the cluster and waits for its broker; closes it when that fails. */
    public static KafkaClusterTestKit start(KafkaClusterTestKit.Builder builder) throws Exception {
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The test kit points the JVM-wide JAAS configuration at its broker file: put back {@code loginConfig} (the value
     * of {@code java.security.auth.login.config} before the cluster started) for the tests after this one.
     */
    public static void restoreLoginConfig(String loginConfig) {
        if (loginConfig == null) {
            System.clearProperty("java.security.auth.login.config");
        } else {
            System.setProperty("java.security.auth.login.config", loginConfig);
        }
        javax.security.auth.login.Configuration.setConfiguration(null);
    }
}
