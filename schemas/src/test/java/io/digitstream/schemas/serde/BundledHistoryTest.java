package io.digitstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Records written before a contract gained a field (the versions in the bundled history) are read by this build's
 * serdes, the new field at its default: predictions and metrics snapshots written before the challenger comparison.
 */
class BundledHistoryTest {

    private static Schema history(String name) throws IOException {
        try (InputStream in = BundledHistoryTest.class.getResourceAsStream("/io/digitstream/schemas/history/" + name)) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void aPredictionWrittenBeforeTheComparisonReadsWithoutOne() throws IOException {
        Schema v1 = history("prediction-v1.avsc");
        assertThat(SchemaCatalog.fingerprintHex(v1)).isNotEqualTo(SchemaCatalog.fingerprintHex(Prediction.getClassSchema()));
        GenericRecord old = new GenericData.Record(v1);
        old.put("id", "old-1");
        old.put("source", "legacy");
        old.put("digit", 7);
        old.put("confidence", 0.9f);
        old.put("probabilities", List.of(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0.9f, 0.1f, 0f));
        old.put("modelVersion", "v1");
        old.put("captureTime", 1L);
        old.put("classificationTime", 2L);
        old.put("label", 7);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

        Prediction read = ContractSerdes.prediction().deserialize("predictions", bytes);

        assertThat(read.getId()).isEqualTo("old-1");
        assertThat(read.getDigit()).isEqualTo(7);
        assertThat(read.getClassificationTime()).isEqualTo(Instant.ofEpochMilli(2));
        assertThat(read.getCompared()).isNull();
    }

    @Test
    void aMetricsSnapshotWrittenBeforeTheComparisonReadsWithoutOne() throws IOException {
        Schema v1 = history("metrics_snapshot-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("source", "*");
        old.put("window", new GenericData.EnumSymbol(v1.getField("window").schema(), "COUNT"));
        old.put("windowSize", 1000L);
        old.put("labeled", 1L);
        old.put("unlabeled", 0L);
        old.put("deadLetters", 0L);
        for (String metric : List.of("accuracy", "macroPrecision", "macroRecall", "macroF1", "kappa")) {
            old.put(metric, 1.0);
        }
        for (String perClass : List.of("precision", "recall", "f1")) {
            old.put(perClass, Collections.nCopies(10, 1.0));
        }
        old.put("confusion", Collections.nCopies(100, 0L));
        old.put("asOf", 5L);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

        MetricsSnapshot read = ContractSerdes.metricsSnapshot().deserialize("metrics", bytes);

        assertThat(read.getWindowSize()).isEqualTo(1000L);
        assertThat(read.getAsOf()).isEqualTo(Instant.ofEpochMilli(5));
        assertThat(read.getComparison()).isNull();
    }
}
