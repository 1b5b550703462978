package io.digitstream.classifier.service;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The scenario on Apache Kafka's official image; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerClassifierServiceIT extends ClassifierServiceScenario {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
