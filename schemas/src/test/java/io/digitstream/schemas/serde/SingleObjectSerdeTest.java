package io.digitstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SingleObjectSerdeTest {

    private final SingleObjectSerde<DigitImage> images = ContractSerdes.digitImage();

    private static DigitImage image() {
        return DigitImage.newBuilder()
                .setId("img-1").setSource("scanner-7").setCaptureTime(Instant.ofEpochMilli(1_700_000_000_123L))
                .setWidth(2).setHeight(2).setEncoding(PixelEncoding.GRAY8)
                .setPixels(ByteBuffer.wrap(new byte[] {0, 1, (byte) 254, (byte) 255}))
                .setLabel(7)
                .build();
    }

    @Test
    void roundTripsAndWritesTheSingleObjectHeader() {
        byte[] bytes = images.serialize("images", image());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(String.format("%016x", fingerprint)).isEqualTo(SchemaCatalog.fingerprintHex(DigitImage.getClassSchema()));
        assertThat(images.deserialize("images", bytes)).isEqualTo(image());
    }

    @Test
    void readsRecordsWrittenWithAnEarlierSchemaKnownToTheCatalog() throws IOException {
        Schema v0 = parse("/io/digitstream/schemas/digit_image_v0.avsc");
        GenericRecord old = new GenericData.Record(v0);
        old.put("id", "old-1");
        old.put("source", "legacy");
        old.put("captureTime", 42L);
        old.put("width", 1);
        old.put("height", 1);
        old.put("encoding", new GenericData.EnumSymbol(v0.getField("encoding").schema(), "GRAY8"));
        old.put("pixels", ByteBuffer.wrap(new byte[] {9}));
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old).array();

        SingleObjectSerde<DigitImage> withHistory = new SingleObjectSerde<>("DigitImage", DigitImage.getEncoder(),
                DigitImage.createDecoder(new SchemaCatalog(DigitImage.getClassSchema(), List.of(v0))));
        DigitImage read = withHistory.deserialize("images", bytes);

        assertThat(read.getId()).isEqualTo("old-1");
        assertThat(read.getLabel()).as("field added later takes its default").isNull();
        assertThat(read.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(42));

        assertThatThrownBy(() -> images.deserialize("images", bytes))
                .as("the bundled catalog does not know this hypothetical version")
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown writer schema for DigitImage");
    }

    @Test
    void rejectsGarbageWithAReason() {
        assertThatThrownBy(() -> images.deserialize("images", "hello world".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object encoded DigitImage");
    }

    @Test
    void rejectsTruncatedRecords() {
        byte[] bytes = images.serialize("images", image());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> images.deserialize("images", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt or truncated DigitImage");
    }

    @Test
    void rejectsAnotherContractByName() {
        Prediction prediction = Prediction.newBuilder().setId("p").setSource("s").setDigit(1).setConfidence(1f)
                .setProbabilities(List.of(0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f)).setModelVersion("m")
                .setCaptureTime(Instant.EPOCH).setClassificationTime(Instant.EPOCH).build();
        byte[] bytes = ContractSerdes.prediction().serialize("predictions", prediction);

        assertThatThrownBy(() -> images.deserialize("images", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown writer schema for DigitImage");
    }

    @Test
    void passesNullsThroughForTombstones() {
        assertThat(images.serialize("images", null)).isNull();
        assertThat(images.deserialize("images", null)).isNull();
    }

    private static Schema parse(String resource) throws IOException {
        try (InputStream in = SingleObjectSerdeTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }
}
