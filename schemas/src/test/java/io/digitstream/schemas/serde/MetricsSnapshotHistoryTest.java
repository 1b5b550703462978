package io.digitstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.schemas.MetricsSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** A snapshot written before drift (the bundled history's first version) still reads, without a drift score. */
class MetricsSnapshotHistoryTest {

    @Test
    void aSnapshotFromBeforeDriftReadsWithoutIt() throws IOException {
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream("/io/digitstream/schemas/history/metrics_snapshot-v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        assertThat(v1.getField("drift")).isNull();
        GenericRecord old = new GenericData.Record(v1);
        old.put("source", "scanner-1");
        old.put("window", new GenericData.EnumSymbol(v1.getField("window").schema(), "TIME"));
        old.put("windowStart", 1_000L);
        old.put("windowEnd", 31_000L);
        old.put("windowSize", 30_000L);
        old.put("labeled", 0L);
        old.put("unlabeled", 5L);
        old.put("deadLetters", 0L);
        for (String metric : new String[] {"accuracy", "macroPrecision", "macroRecall", "macroF1", "kappa"}) {
            old.put(metric, 0.0);
        }
        old.put("precision", Collections.nCopies(10, 0.0));
        old.put("recall", Collections.nCopies(10, 0.0));
        old.put("f1", Collections.nCopies(10, 0.0));
        old.put("confusion", Collections.nCopies(100, 0L));
        old.put("asOf", 2_000L);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

        MetricsSnapshot read = ContractSerdes.metricsSnapshot().deserialize("metrics", bytes);

        assertThat(read.getSource()).isEqualTo("scanner-1");
        assertThat(read.getUnlabeled()).isEqualTo(5);
        assertThat(read.getDrift()).isNull();
    }
}
