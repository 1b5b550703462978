package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.TestModels;
import io.digitstream.testing.Await;
import io.digitstream.testing.SaslClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
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

    @Test
    void aServiceWithoutItsTransactionalIdPermissionStopsAndSaysWhatToGrant(@TempDir Path dir) throws Exception {
        String loginConfig = System.getProperty("java.security.auth.login.config");
        try (KafkaClusterTestKit cluster = SaslClusters.start(SaslClusters.scram(SaslClusters.singleNode()))) {
            try (Admin admin = cluster.admin()) { // the test kit's PLAIN super user
                SaslScramIT.createServiceUser(admin);
                List<AclBinding> allButTransactionalIds = SaslScramIT.serviceAcls().stream()
                        .filter(acl -> acl.pattern().resourceType() != ResourceType.TRANSACTIONAL_ID).toList();
                assertThat(allButTransactionalIds).hasSize(SaslScramIT.serviceAcls().size() - 1);
                admin.createAcls(allButTransactionalIds).all().get();
            }
            ServiceConfig config = ServiceTestConfig.of(SaslScramIT.writeServiceClientConfig(dir), cluster.bootstrapServers(),
                    dir.resolve("state"), Map.of("num.stream.threads", "1"));

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
            SaslClusters.restoreLoginConfig(loginConfig);
        }
    }
}
