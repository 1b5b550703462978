package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import io.digitstream.testing.SaslClusters;
import io.digitstream.verify.OutputLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that authenticates every client with SASL (SCRAM-SHA-256 for users, PLAIN for itself and the
 * test's administrator) and authorizes with ACLs. The service, given only a properties file of standard
 * Kafka client settings ({@code serve --config}), classifies end to end with its own SCRAM user, whose ACLs
 * cover the {@code digit-} topics, its group and its transactional ids and nothing else; a client without
 * credentials, or with a wrong password, is refused.
 *
 * <p>SASL_PLAINTEXT, not SASL_SSL: KafkaClusterTestKit 4.3 builds PLAINTEXT and SASL_PLAINTEXT listeners only.
 * TLS is configured the same way (ssl.* keys in the same file) and is not exercised here.
 */
class SaslScramIT {

    private static final String USER = "classifier";
    private static final String PASSWORD = "classifier-secret";
    private static final int IMAGES = 40;

    @Test
    void theServiceClassifiesWithItsOwnCredentialsAndStrangersAreRefused(@TempDir Path dir) throws Exception {
        String loginConfig = System.getProperty("java.security.auth.login.config");
        try (KafkaClusterTestKit cluster = saslCluster()) {
            try (Admin admin = cluster.admin()) { // the test kit's PLAIN super user
                createServiceUser(admin);
                admin.createAcls(serviceAcls()).all().get();
                admin.createTopics(List.of(new NewTopic("payroll", 1, (short) 1))).all().get();
            }
            ServiceConfig config = ServiceTestConfig.of(writeServiceClientConfig(dir), cluster.bootstrapServers(),
                    dir.resolve("state"), Map.of());

            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                List<String> ids = publishAsAdmin(cluster, config);
                try (OutputLedger ledger = new OutputLedger(admin(cluster), config.topics())) {
                    assertThat(ledger.awaitOutputs(IMAGES, Duration.ofSeconds(60), () -> { })).isTrue();
                    OutputLedger.Conservation conservation = ledger.check(ids);
                    assertThat(conservation.holds()).as(conservation.toString()).isTrue();
                    assertThat(conservation.predictions()).isEqualTo(IMAGES);
                }
                // still alive; with two stream threads a follow-up rebalance may be under way
                assertThat(service.state().isRunningOrRebalancing()).as("state %s", service.state()).isTrue();
            }

            Properties service = config.streams();
            assertThatThrownBy(() -> send(service, "payroll")).as("the service's user outside its topics")
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            Properties wrongPassword = new Properties();
            wrongPassword.putAll(service);
            wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + USER + "\" password=\"guess\";");
            assertThatThrownBy(() -> describeCluster(wrongPassword)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
            Properties anonymous = new Properties();
            anonymous.put("bootstrap.servers", cluster.bootstrapServers());
            assertThatThrownBy(() -> describeCluster(anonymous)).as("a client that does not speak SASL gets no answer")
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
        } finally {
            SaslClusters.restoreLoginConfig(loginConfig);
        }
    }

    /** One broker and controller; SCRAM-SHA-256 for clients beside the test kit's PLAIN; ACLs enforced. */
    private static KafkaClusterTestKit saslCluster() throws Exception {
        return SaslClusters.start(SaslClusters.scram(SaslClusters.singleNode()));
    }

    /** The service's SCRAM user, made by the test kit's PLAIN super user {@code admin}. */
    static void createServiceUser(Admin admin) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD))).all().get();
    }

    /** The service's client settings as the service user, in {@code dir/classifier.properties}. */
    static Path writeServiceClientConfig(Path dir) throws Exception {
        Path configFile = dir.resolve("classifier.properties");
        Files.writeString(configFile, String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=SCRAM-SHA-256",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + USER + "\" password=\"" + PASSWORD + "\";"));
        return configFile;
    }

    /** The classifier's topics, internal topics and group all start with digit-; its transactional ids with its application id. */
    static List<AclBinding> serviceAcls() {
        String principal = "User:" + USER;
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(new ResourcePattern(ResourceType.TOPIC, "digit-", PatternType.PREFIXED), principal));
        acls.add(allow(new ResourcePattern(ResourceType.GROUP, "digit-classifier", PatternType.PREFIXED), principal));
        acls.add(allow(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "digit-classifier", PatternType.PREFIXED), principal));
        acls.add(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(principal, "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW)));
        return acls;
    }

    private static AclBinding allow(ResourcePattern pattern, String principal) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", AclOperation.ALL, AclPermissionType.ALLOW));
    }

    private static List<String> publishAsAdmin(KafkaClusterTestKit cluster, ServiceConfig config) throws Exception {
        LabeledImages digits = MnistFixture.test500();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(admin(cluster), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < IMAGES; i++) {
                DigitImage image = DigitRecords.gray8(digits, i, "sasl", "sasl-it", Instant.now(), true);
                ids.add(image.getId());
                producer.send(new ProducerRecord<>(config.topics().images(), image.getId().getBytes(StandardCharsets.UTF_8),
                        ContractSerdes.digitImage().serialize(config.topics().images(), image))).get();
            }
        }
        return ids;
    }

    /** The test kit's PLAIN administrator, as client properties. */
    private static Properties admin(KafkaClusterTestKit cluster) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", cluster.bootstrapServers());
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"plain-admin\" password=\"plain-admin-secret\";");
        return properties;
    }

    private static void send(Properties client, String topic) throws Exception {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("max.block.ms", "10000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "x".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
    }

    private static void describeCluster(Properties client) throws Exception {
        Admin admin = Admin.create(client);
        try {
            admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
        } finally {
            admin.close(Duration.ZERO); // not the default: waiting out the pending call's 60 s API timeout
        }
    }
}
