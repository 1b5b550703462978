package io.digitstream.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.SystemLimitException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one Avro contract in Avro's single-object encoding: {@code C3 01}, the writer
 * schema's 8-byte little-endian CRC-64-AVRO fingerprint, then the Avro binary body. No registry
 * service is needed; readers resolve older writer schemas through a {@link SchemaCatalog}.
 * Avro's message encoder and decoder keep per-thread buffers, so one instance serves all threads.
 */
public final class SingleObjectSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** Largest bytes or string field read: far above any image the service accepts (16 MiB by default). */
    static final int MAX_FIELD_BYTES = 64 * 1024 * 1024;
    /** Most items of an array or map read: our contracts hold at most 100 (a confusion matrix). */
    static final int MAX_COLLECTION_ITEMS = 1_000_000;

    static {
        // Avro allocates the length or item count a message claims before reading it, up to 2 GB: a 50-byte
        // record could make every reader allocate gigabytes (found by fuzzing). Avro reads these limits once,
        // when it first decodes, so they are set before any decoder exists; an operator's -D setting wins.
        limitAvro(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_FIELD_BYTES);
        limitAvro(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_FIELD_BYTES);
        limitAvro(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
    }

    private static void limitAvro(String property, int limit) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(limit));
        }
    }

    private final String contract;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public SingleObjectSerde(String contract, BinaryMessageEncoder<T> encoder, BinaryMessageDecoder<T> decoder) {
        this.contract = contract;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** A serde for a generated contract class, reading every version its bundled catalog knows. */
    public static <T extends SpecificRecord> SingleObjectSerde<T> of(BinaryMessageEncoder<T> encoder,
            Function<SchemaStore, BinaryMessageDecoder<T>> decoderFactory, Schema current) {
        SchemaCatalog catalog = SchemaCatalog.forContract(current);
        return new SingleObjectSerde<>(catalog.contractName(), encoder, decoderFactory.apply(catalog));
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new SerializationException("cannot encode " + contract + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one message; throws {@link SerializationException} with a reason a person can act on
     * (not single-object encoded, unknown writer schema, truncated or corrupt body).
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (MissingSchemaException e) {
            throw new SerializationException("unknown writer schema for " + contract + ": " + e.getMessage()
                    + " (not one of the " + contract + " versions this build knows)", e);
        } catch (BadHeaderException e) {
            throw new SerializationException("not an Avro single-object encoded " + contract + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("corrupt or truncated " + contract + " (" + data.length + " bytes): "
                    + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
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
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the catalog is bundled with the contracts
    }

    @Override
    public void close() {
        // nothing to release: the Kafka client calls this from both the serializer and deserializer side
    }
}
