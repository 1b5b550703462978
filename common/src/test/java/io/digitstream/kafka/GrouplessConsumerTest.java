package io.digitstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class GrouplessConsumerTest {

    /** A service's Kafka Streams properties on the streams rebalance protocol, as static member. */
    private static Properties streamsProperties() {
        Properties streams = new Properties();
        streams.put("application.id", "digit-classifier");
        streams.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        streams.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "streams");
        streams.put(ConsumerConfig.GROUP_ID_CONFIG, "digit-classifier");
        streams.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-1");
        streams.put("security.protocol", "PLAINTEXT");
        return streams;
    }

    @Test
    void aConsumerRefusesTheStreamsProtocolItself() {
        assertThatThrownBy(() -> consumer(streamsProperties()).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("group.protocol");
    }

    @Test
    void withoutTheGroupSettingsTheConsumerStartsAndKeepsTheConnectionSettings() {
        Properties properties = GrouplessConsumer.properties(streamsProperties());

        assertThat(properties).doesNotContainKeys(ConsumerConfig.GROUP_PROTOCOL_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThat(properties).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")
                .containsEntry("security.protocol", "PLAINTEXT");
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(properties)) {
            assertThat(consumer.assignment()).isEmpty();
        }
    }

    @Test
    void theServicePropertiesAreLeftAsTheyWere() {
        Properties streams = streamsProperties();
        GrouplessConsumer.properties(streams);
        assertThat(streams).isEqualTo(streamsProperties());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties properties) {
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
