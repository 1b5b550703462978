package io.digitstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The published fingerprints are the ones the serdes write, and the published files are up to date. */
class WireFormatTableTest {

    /** Tests run in the module's folder. */
    private static final Path REPOSITORY = Path.of("..");

    @Test
    void theDocumentsTableIsTheGeneratedOne() throws IOException {
        String document = Files.readString(REPOSITORY.resolve(WireFormatTable.DOC), StandardCharsets.UTF_8);

        assertThat(document)
                .as("%s is stale: regenerate it from the repository root with%n  %s%n", WireFormatTable.DOC,
                        WireFormatTable.REGENERATE)
                .contains(WireFormatTable.markdownTable());
    }

    @Test
    void thePythonExamplesFingerprintsAreTheGeneratedOnes() throws IOException {
        String fingerprints = Files.readString(REPOSITORY.resolve(WireFormatTable.FINGERPRINTS), StandardCharsets.UTF_8);

        assertThat(fingerprints)
                .as("%s is stale: regenerate it from the repository root with%n  %s%n", WireFormatTable.FINGERPRINTS,
                        WireFormatTable.REGENERATE)
                .isEqualTo(WireFormatTable.fingerprintsJson());
    }

    @Test
    void theTablesFirstBytesAreWhatTheSerdesWrite() {
        byte[] image = ContractSerdes.digitImage().serialize("images", DigitImage.newBuilder()
                .setId("a/1.png").setSource("a").setCaptureTime(Instant.ofEpochMilli(1)).setWidth(1).setHeight(1)
                .setEncoding(PixelEncoding.GRAY8).setPixels(ByteBuffer.wrap(new byte[] {0})).build());
        byte[] prediction = ContractSerdes.prediction().serialize("predictions", Prediction.newBuilder()
                .setId("a/1.png").setSource("a").setDigit(7).setConfidence(0.9f).setProbabilities(List.of(0.9f))
                .setModelVersion("m").setCaptureTime(Instant.ofEpochMilli(1)).setClassificationTime(Instant.ofEpochMilli(2))
                .build());

        assertThat(firstTenBytes(image)).isEqualTo(WireFormatTable.headerHex(DigitImage.getClassSchema()));
        assertThat(firstTenBytes(prediction)).isEqualTo(WireFormatTable.headerHex(Prediction.getClassSchema()))
                .isEqualTo("c3 01 ac 34 51 00 74 91 92 1d");
        assertThat(WireFormatTable.markdownTable()).contains("| `Prediction` |")
                .contains("| `1d929174005134ac` | `c3 01 ac 34 51 00 74 91 92 1d` |");
    }

    @Test
    void everyContractIsListedWithItsSchemaFile() throws IOException {
        for (Schema schema : WireFormatTable.CONTRACTS) {
            Path avsc = Path.of("src/main/avro", WireFormatTable.avscFile(schema));
            assertThat(new Schema.Parser().parse(avsc.toFile()).getFullName()).as(avsc.toString())
                    .isEqualTo(schema.getFullName());
        }
        try (var files = Files.list(Path.of("src/main/avro"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".avsc")).count())
                    .as("a contract missing from the table").isEqualTo(WireFormatTable.CONTRACTS.size());
        }
    }

    @Test
    void replacesOnlyTheGeneratedPartOfADocument() {
        String stale = "intro\n" + WireFormatTable.BEGIN + "\n| old |\n" + WireFormatTable.END + "\noutro\n";

        assertThat(WireFormatTable.withCurrentTable(stale))
                .isEqualTo("intro\n" + WireFormatTable.markdownTable() + "\noutro\n");
        assertThatThrownBy(() -> WireFormatTable.withCurrentTable("no markers"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no generated table between");
    }

    private static String firstTenBytes(byte[] record) {
        return HexFormat.ofDelimiter(" ").formatHex(record, 0, 10);
    }
}
