package io.digitstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    @Test
    void finalizesTheFeaturesANewClusterOfThisReleaseHasAndCreatesTheCoordinatorTopicsOnRequest() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1, Map.of("offsets.topic.num.partitions", "1",
                "transaction.state.log.num.partitions", "1")); Admin admin = kafka.admin()) {
            Map<String, FinalizedVersionRange> features = admin.describeFeatures().featureMetadata().get().finalizedFeatures();
            // exactly-once on transaction.version 2, and Kafka Streams' own rebalance protocol (KIP-1071)
            assertThat(features.get("transaction.version").maxVersionLevel()).isEqualTo((short) 2);
            assertThat(features.get("streams.version").maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);
            assertThat(features.get("group.version").maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);
            assertThat(internalTopics(admin)).doesNotContain("__consumer_offsets", "__transaction_state");

            kafka.createCoordinatorTopics();

            assertThat(internalTopics(admin)).contains("__consumer_offsets", "__transaction_state");
            assertThat(admin.describeTopics(Set.of("__consumer_offsets", "__transaction_state")).allTopicNames().get()
                    .values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(1));
            kafka.createCoordinatorTopics(); // once they exist, again is a no-op
        }
    }

    @Test
    void formattingTheStorageReportsOnStandardErrorAndLeavesStandardOutputToTheCommand() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1, Map.of())) {
            assertThat(kafka.bootstrapServers()).isNotBlank();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(capturedOut.toString(StandardCharsets.UTF_8)).doesNotContain("Formatting");
        assertThat(capturedErr.toString(StandardCharsets.UTF_8)).contains("Formatting");
    }

    private static Set<String> internalTopics(Admin admin) throws Exception {
        return admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    }
}
