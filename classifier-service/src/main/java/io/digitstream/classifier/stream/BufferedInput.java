package io.digitstream.classifier.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An input record waiting in the micro-batch buffer, with everything needed to classify it later and
 * to dead-letter it with its origin: raw key and value, topic, partition, offset and timestamp.
 */
record BufferedInput(byte[] key, byte[] value, RecordOrigin origin, long timestamp) {

    static final Serde<BufferedInput> SERDE = Serdes.serdeFrom(new BufferedInputSerializer(), new BufferedInputDeserializer());

    RecordClassifier.Input input() {
        return new RecordClassifier.Input(key, value, origin);
    }

    /** Layout: timestamp, partition, offset, then length-prefixed topic, key and value (-1 = null). */
    private static final class BufferedInputSerializer implements Serializer<BufferedInput> {
        @Override
        public byte[] serialize(String topic, BufferedInput input) {
            byte[] topicBytes = input.origin().topic().getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.allocate(8 + 4 + 8 + 4 + topicBytes.length + 4 + length(input.key())
                    + 4 + length(input.value()));
            buffer.putLong(input.timestamp()).putInt(input.origin().partition()).putLong(input.origin().offset());
            putBytes(buffer, topicBytes);
            putBytes(buffer, input.key());
            putBytes(buffer, input.value());
            return buffer.array();
        }

        private static int length(byte[] bytes) {
            return bytes == null ? 0 : bytes.length;
        }

        private static void putBytes(ByteBuffer buffer, byte[] bytes) {
            buffer.putInt(bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                buffer.put(bytes);
            }
        }
    }

    private static final class BufferedInputDeserializer implements Deserializer<BufferedInput> {
        @Override
        public BufferedInput deserialize(String topic, byte[] data) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long timestamp = buffer.getLong();
            int partition = buffer.getInt();
            long offset = buffer.getLong();
            String sourceTopic = new String(getBytes(buffer), StandardCharsets.UTF_8);
            byte[] key = getBytes(buffer);
            byte[] value = getBytes(buffer);
            return new BufferedInput(key, value, new RecordOrigin(sourceTopic, partition, offset), timestamp);
        }

        private static byte[] getBytes(ByteBuffer buffer) {
            int length = buffer.getInt();
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            return bytes;
        }
    }
}
