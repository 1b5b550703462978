package io.digitstream.cli.security;

import io.digitstream.testing.SaslClusters;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One KRaft node (broker and controller) whose client listener is SASL_SSL: TLS with a certificate of the test's own
 * CA, then SASL with SCRAM-SHA-256 for users and PLAIN for the test kit's super user; ACLs enforced by the
 * StandardAuthorizer, nothing allowed without an ACL.
 *
 * <p>KafkaClusterTestKit 4.3's {@code TestKitNodes.Builder#build} refuses any security protocol but PLAINTEXT and
 * SASL_PLAINTEXT ("Currently only support PLAINTEXT / SASL_PLAINTEXT security protocol"), but its node configuration
 * sets {@code listener.security.protocol.map} with {@code putIfAbsent}, under the builder's config properties. So the
 * nodes are declared SASL_PLAINTEXT (which makes the kit write its JAAS file with the PLAIN super user and set up the
 * StandardAuthorizer), and the map given here turns the client (and inter-broker) listener into SASL_SSL; the
 * controller listener stays SASL_PLAINTEXT. The broker speaks TLS to itself on that listener, so it trusts the CA too.
 */
final class SaslSslBroker implements AutoCloseable {

    static final String ADMIN = "plain-admin"; // the test kit's PLAIN super user (its JaasUtils)
    static final String ADMIN_PASSWORD = "plain-admin-secret";

    private final KafkaClusterTestKit cluster;
    private final TestCertificates certificates;
    private final String previousLoginConfig;

    private SaslSslBroker(KafkaClusterTestKit cluster, TestCertificates certificates, String previousLoginConfig) {
        this.cluster = cluster;
        this.certificates = certificates;
        this.previousLoginConfig = previousLoginConfig;
    }

    static SaslSslBroker start(Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        String loginConfig = System.getProperty("java.security.auth.login.config");
        TestKitNodes nodes = SaslClusters.singleNode(); // SASL_PLAINTEXT is overridden below: see the class comment
        String external = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        String password = certificates.password();
        KafkaClusterTestKit cluster;
        try {
            cluster = SaslClusters.start(SaslClusters.scram(nodes)
                    .setConfigProp("listener.security.protocol.map",
                            external + ":" + SecurityProtocol.SASL_SSL.name + "," + controller + ":" + SecurityProtocol.SASL_PLAINTEXT.name)
                    .setConfigProp("ssl.keystore.type", "PKCS12")
                    .setConfigProp("ssl.keystore.location", certificates.brokerKeystore().toString())
                    .setConfigProp("ssl.keystore.password", password)
                    .setConfigProp("ssl.key.password", password)
                    .setConfigProp("ssl.truststore.type", "PKCS12")
                    .setConfigProp("ssl.truststore.location", certificates.truststore().toString())
                    .setConfigProp("ssl.truststore.password", password));
        } catch (Exception e) {
            SaslClusters.restoreLoginConfig(loginConfig);
            throw e;
        }
        return new SaslSslBroker(cluster, certificates, loginConfig);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The security protocol the running broker gives its client listener, from its effective configuration. */
    SecurityProtocol clientListenerProtocol() {
        var broker = cluster.brokers().values().iterator().next();
        return broker.config().effectiveListenerSecurityProtocolMap().get(cluster.nodes().brokerListenerName());
    }

    TestCertificates certificates() {
        return certificates;
    }

    /** TLS trusting the test CA, no SASL yet. */
    Properties tls() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("security.protocol", "SSL");
        properties.put("ssl.truststore.location", certificates.truststore().toString());
        properties.put("ssl.truststore.password", certificates.password());
        return properties;
    }

    /** SASL_SSL with SCRAM-SHA-256 as {@code user}, trusting the test CA. */
    Properties scram(String user, String password) {
        Properties properties = tls();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "SCRAM-SHA-256");
        properties.put("sasl.jaas.config", scramJaas(user, password));
        return properties;
    }

    /** The test kit's super user, over the same SASL_SSL listener. */
    Properties admin() {
        Properties properties = tls();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + ADMIN + "\" password=\"" + ADMIN_PASSWORD + "\";");
        return properties;
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            SaslClusters.restoreLoginConfig(previousLoginConfig);
        }
    }
}
