package io.digitstream.classifier.service;

import io.digitstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The scenario on Kafka's own in-JVM KRaft cluster (KafkaClusterTestKit). */
class EmbeddedBrokerClassifierServiceIT extends ClassifierServiceScenario {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.singleNode();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Override
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
