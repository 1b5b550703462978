package io.digitstream.classifier.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact serde for the metrics topology's internal values (state stores, changelogs, its repartition topic),
 * which no other program reads: a format version byte, then the fields. The topic contract is Avro
 * ({@code MetricsSnapshot}); these stay internal so the contract is free to evolve apart from them.
 */
abstract class BinarySerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final String name;
    private final byte version;

    BinarySerde(String name, int version) {
        this.name = name;
        this.version = (byte) version;
    }

    abstract void write(DataOutputStream out, T value) throws IOException;

    abstract T read(DataInputStream in) throws IOException;

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte found = in.readByte();
            if (found != version) {
                throw new SerializationException(name + " format version " + found + " is not " + version);
            }
            return read(in);
        } catch (IOException e) {
            throw new SerializationException("corrupt " + name + " (" + data.length + " bytes)", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // stateless
    }
}
