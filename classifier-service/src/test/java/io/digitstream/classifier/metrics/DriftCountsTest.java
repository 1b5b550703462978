package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.metrics.PredictionHistogram;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DriftCountsTest {

    private static WindowCounts withVersions(int versions) {
        WindowCounts counts = new WindowCounts();
        for (int v = 0; v < versions; v++) {
            counts.add(Observation.unlabeled("s", 3, 1, 0.99f, "v" + v));
        }
        return counts;
    }

    @Test
    void aWindowKeepsTheFirstModelVersionsUpToItsLimit() {
        int limit = DriftCounts.MAX_MODEL_VERSIONS;
        assertThat(withVersions(limit - 1).drift().byVersion()).hasSize(limit - 1);
        assertThat(withVersions(limit).drift().byVersion()).hasSize(limit);
        WindowCounts over = withVersions(limit + 1);
        assertThat(over.drift().byVersion()).hasSize(limit).doesNotContainKey("v" + limit);
        assertThat(over.unlabeled()).as("every prediction still counts, only not for drift").isEqualTo(limit + 1);
        over.add(Observation.unlabeled("s", 4, 1, 0.5f, "v0"));
        assertThat(over.drift().byVersion().get("v0").total()).as("a kept version still counts").isEqualTo(2);
    }

    @Test
    void predictionsWithoutModelOrConfidenceAndDeadLettersAreNotCounted() {
        WindowCounts counts = new WindowCounts().add(Observation.unlabeled("s", 3, 1)).add(Observation.labeled("s", 3, 3, 1))
                .add(Observation.deadLetter());
        assertThat(counts.drift().byVersion()).isEmpty();
        assertThat(counts.drift().dominant()).isEmpty();
    }

    @Test
    void survivesTheSerdeAndReadsWindowsWrittenWithoutDrift() throws IOException {
        WindowCounts counts = withVersions(2).add(Observation.labeled("s", 1, 2, 3, 0.9999f, "v1"));
        WindowCounts read = WindowCounts.SERDE.deserialize("t", WindowCounts.SERDE.serialize("t", counts));
        assertThat(read.drift().byVersion()).isEqualTo(counts.drift().byVersion());
        assertThat(read.drift().byVersion().get("v1")).isEqualTo(new PredictionHistogram().add(3, 0.99).add(2, 0.9999f));

        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(v1)) {
            out.writeByte(1);
            for (int i = 0; i < 100 + 5; i++) {
                out.writeLong(i == 100 ? 4 : 0); // the matrix, then unlabeled 4, dead letters, latency count, sum, max
            }
        }
        WindowCounts old = WindowCounts.SERDE.deserialize("t", v1.toByteArray());
        assertThat(old.unlabeled()).isEqualTo(4);
        assertThat(old.drift().byVersion()).isEmpty();
    }
}
