package io.digitstream.classifier.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteBufferInputStream;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * A compact serde for the metrics topology's internal values (state stores, changelogs, its repartition topics),
 * which no other program reads: a format version byte, then the fields. The topic contract is Avro
 * ({@code MetricsSnapshot}); these stay internal so the contract is free to evolve apart from them. Values written
 * by an older version (still in a changelog after an upgrade) are read too, from {@code oldestReadable} on.
 * Strings are written as a byte length and UTF-8 ({@link #writeString}), never with {@code writeUTF}, whose
 * 65,535-byte limit a producer could reach.
 *
 * <p>Kafka Streams' record cache keeps values serialized: every aggregate update deserializes and reserializes the
 * whole value. Hence the Data streams run over Kafka's unsynchronized byte buffer streams (a {@code ByteArray*Stream}
 * takes a lock per call, per byte for single bytes), and arrays are written and read in bulk ({@link #writeLongs}).
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

    /** Bytes to reserve for {@code value} (after the version byte); beyond it the buffer grows by a tenth at a time. */
    int sizeHint(T value) {
        return 64;
    }

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

    /** Writes {@code values} as {@link DataOutputStream#writeLong} would, one after the other, in one write. */
    static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES);
        bytes.asLongBuffer().put(values);
        out.write(bytes.array());
    }

    /** Fills {@code values} with what {@link #writeLongs} wrote. */
    static void readLongs(DataInputStream in, long[] values) throws IOException {
        byte[] bytes = new byte[values.length * Long.BYTES];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asLongBuffer().get(values);
    }

    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        ByteBufferOutputStream bytes = new ByteBufferOutputStream(1 + sizeHint(value));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] written = bytes.buffer().array();
        int length = bytes.position();
        return length == written.length ? written : Arrays.copyOf(written, length);
    }

    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteBufferInputStream(ByteBuffer.wrap(data)))) {
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
