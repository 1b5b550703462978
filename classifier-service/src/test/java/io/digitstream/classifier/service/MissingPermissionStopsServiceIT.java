package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.TestModels;
import io.digitstream.testing.Await;
import io.digitstream.testing.SaslClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A permission the operator forgot, for real: on a broker that authorizes with ACLs, the service's user may use its
 * topics and its group but not its transactional ids, so exactly-once cannot begin. No new stream thread gets further,
 * so the service must stop with the reason instead of replacing threads.
 */
class MissingPermissionStopsServiceIT {

    private static final String USER = "classifier";
    private static final String PASSWORD = "classifier-secret";

    @Test
    void aServiceWithoutItsTransactionalIdPermissionStopsAndSaysWhatToGrant(@TempDir Path dir) throws Exception {
        String loginConfig = System.getProperty("java.security.auth.login.config");
        try (KafkaClusterTestKit cluster = SaslClusters.start(SaslClusters.scram(SaslClusters.singleNode()))) {
            try (Admin admin = cluster.admin()) { // the test kit's PLAIN super user
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD))).all().get();
                String principal = "User:" + USER;
                admin.createAcls(List.of(
                        allow(new ResourcePattern(ResourceType.TOPIC, "digit-", PatternType.PREFIXED), principal),
                        allow(new ResourcePattern(ResourceType.GROUP, "digit-classifier", PatternType.PREFIXED), principal),
                        new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                                new AccessControlEntry(principal, "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW))))
                        .all().get(); // and no TRANSACTIONAL_ID
            }
            Path configFile = dir.resolve("classifier.properties");
            Files.writeString(configFile, String.join("\n",
                    "security.protocol=SASL_PLAINTEXT",
                    "sasl.mechanism=SCRAM-SHA-256",
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"" + USER + "\" password=\"" + PASSWORD + "\";"));
            ServiceConfig config = ServiceTestConfig.of(configFile, cluster.bootstrapServers(), dir.resolve("state"),
                    Map.of("num.stream.threads", "1"));

            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                long start = System.nanoTime();
                service.start();
                Await.until(service::state, s -> s == KafkaStreams.State.ERROR, "Kafka Streams in ERROR",
                        Duration.ofSeconds(90), Duration.ofMillis(50));
                System.out.printf("MissingPermissionStopsServiceIT: ERROR %d ms after start%n",
                        Duration.ofNanos(System.nanoTime() - start).toMillis());

                assertThat(service.health().threadReplacements()).as("no thread replaced").isZero();
                assertThat(service.health().ready(service.state())).isFalse();
                assertThat(service.health().stop()).hasValueSatisfying(stop -> {
                    assertThat(stop.cause()).isInstanceOf(TransactionalIdAuthorizationException.class);
                    assertThat(stop.reason()).startsWith("TransactionalIdAuthorizationException: ")
                            .contains("; to fix: grant the service's principal access", "transactional ids");
                });
                assertThat(service.failure()).hasValueSatisfying(failure -> assertThat(failure)
                        .isInstanceOf(StreamsException.class)
                        .hasMessageStartingWith("Kafka Streams stopped: TransactionalIdAuthorizationException")
                        .hasCauseInstanceOf(TransactionalIdAuthorizationException.class));
            }
        } finally {
            restore(loginConfig);
        }
    }

    private static AclBinding allow(ResourcePattern pattern, String principal) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", AclOperation.ALL, AclPermissionType.ALLOW));
    }

    /** The test kit points the JVM-wide JAAS configuration at its broker file; put it back for the tests after this one. */
    private static void restore(String loginConfig) {
        if (loginConfig == null) {
            System.clearProperty("java.security.auth.login.config");
        } else {
            System.setProperty("java.security.auth.login.config", loginConfig);
        }
        javax.security.auth.login.Configuration.setConfiguration(null);
    }
}
