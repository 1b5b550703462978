package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.ModelLocator;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign of {@code bench hostile}, small: two rounds of the whole catalogue (each kind at least twice) among
 * 200 good images, against the real service in its own JVM. The full contract: every record of the images topic has
 * exactly one output within the deadline, no partition stays behind, no stream thread is replaced, and the good images
 * are classified as offline.
 */
class HostileBenchIT {

    @Test
    void everyHostileRecordEndsAsExactlyOneOutputAndNothingStalls(@TempDir Path work) throws Exception {
        Path model = ModelLocator.defaultModelPath();
        int hostile = 2 * roundSize();
        Map<String, Object> result = new HostileBenchmark(model, MnistFixture.test500(), work,
                System.err).run(new HostileBenchmark.Settings(hostile, 200, 7, Duration.ofSeconds(180), 3));
        System.err.println("bench hostile (IT): " + result);

        assertThat(HostileKind.values()).as("the catalogue").hasSizeGreaterThanOrEqualTo(30);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> kinds = (Map<String, Map<String, Object>>) result.get("kinds");
        for (HostileKind kind : HostileKind.values()) {
            assertThat((int) kinds.get(kind.jsonName()).get("sent")).as("records of kind %s", kind).isGreaterThanOrEqualTo(1);
        }
        assertThat(result.get("refusedByBroker")).as("records the broker refused").isEqualTo(Map.of());
        assertThat((int) result.get("inputs")).isGreaterThan(200);
        assertThat((int) result.get("predictions") + (int) result.get("deadLetters")).as("%s", result)
                .isEqualTo(result.get("inputs"));
        assertThat(result.get("lost")).as("lost; failing kinds %s", result.get("failingKinds")).isEqualTo(0);
        assertThat(result.get("duplicated")).as("duplicated; failing kinds %s", result.get("failingKinds")).isEqualTo(0);
        assertThat(result.get("unexpected")).isEqualTo(0);
        assertThat(result.get("allOutputsWithinDeadline")).isEqualTo(true);
        assertThat(result.get("stalledPartitions")).as("stalled: %s", result.get("stalled")).isEqualTo(0);
        assertThat(result.get("threadReplacements")).isEqualTo(0);
        assertThat(result.get("serviceAlive")).isEqualTo(true);
        assertThat((double) result.get("goodAccuracy"))
                .isGreaterThanOrEqualTo((double) result.get("offlineGoodAccuracy") - 0.001);
        assertThat(result.get("passed")).isEqualTo(true);
    }

    /** Records in one round of the catalogue: every kind, the heavy ones once and the others three times. */
    private static int roundSize() {
        int size = 0;
        for (HostileKind kind : HostileKind.values()) {
            size += kind.heavy ? 1 : 3;
        }
        return size;
    }
}
