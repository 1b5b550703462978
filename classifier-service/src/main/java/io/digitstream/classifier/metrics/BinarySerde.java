package io.digitstream.classifier.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact serde for the metrics topology's internal values (state stores, changelogs, its repartition topics),
 * which no other program reads: a format version byte, then the fields. The topic contract is Avro
 * ({@code MetricsSnapshot}); these stay internal so the contract is free to evolve apart from them. Values written
 * by an older version (still in a changelog after an upgrade) are read too, from {@code oldestReadable} on.
 * Strings are written as a byte length and UTF-8 ({@link #writeString}), never with {@code writeUTF}, whose
 * 65,535-byte limit a producer could reach.
 */
abstract class BinarySerde<T> implements Serde<T> {

    /** Longest string read back: far above what {@link MetricsText} keeps, so only corrupt data reaches it. */
    static final int MAX_STRING_BYTES = 64 * 1024;

    private final String name;
    private final byte version;
    private final byte oldestReadable;

    BinarySerde(String name, int version) {
        this(name, version, version);
    }

    BinarySerde(String name, int version, int oldestReadable) {
        this.name = name;
        this.version = (byte) version;
        this.oldestReadable = (byte) oldestReadable;
    }

    abstract void write(DataOutputStream out, T value) throws IOException;

    /** @param version the format version the value was written in, {@code oldestReadable..version} */
    abstract T read(DataInputStream in, int version) throws IOException;

    static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("string of " + length + " bytes");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

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

    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte found = in.readByte();
            if (found < oldestReadable || found > version) {
                throw new SerializationException(name + " format version " + found + " is not " + oldestReadable + ".." + version);
            }
            return read(in, found);
        } catch (IOException e) {
            throw new SerializationException("corrupt " + name + " (" + data.length + " bytes)", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }
}
