package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.schemas.Prediction;
import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class LiveCountersTest {

    private static Prediction from(String source) {
        return Prediction.newBuilder().setId("i").setSource(source).setDigit(1).setConfidence(0.9f)
                .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("m").setCaptureTime(Instant.EPOCH)
                .setClassificationTime(Instant.EPOCH).setLabel(null).build();
    }

    @Test
    void countsTheFirstSourcesApartAndTheRestUnderOther() {
        for (int sources : new int[] {2, 3, 4}) { // the cap - 1, the cap, the cap + 1
            LiveCounters counters = new LiveCounters(3);
            for (int i = 0; i < sources; i++) {
                counters.prediction(from("s" + i), 5);
                counters.prediction(from("s" + i), 5);
            }
            LiveCounters.Totals totals = counters.totals();
            assertThat(totals.predictionsBySource()).as("%d sources", sources).hasSize(Math.min(sources, 3) + (sources > 3 ? 1 : 0));
            assertThat(totals.predictionsBySource().getOrDefault(Observation.OTHER_SOURCES, 0L)).isEqualTo(sources > 3 ? 2 : 0);
            assertThat(totals.predictions()).isEqualTo(2L * sources);
        }
    }

    @Test
    void aSourceOfAMillionCharactersIsCountedUnderItsShortForm() {
        LiveCounters counters = new LiveCounters(3);
        counters.prediction(from("x".repeat(1_000_000)), 5);
        assertThat(counters.totals().predictionsBySource().keySet()).singleElement().asString()
                .hasSize(MetricsText.MAX_SOURCE_CHARS);
    }

    @Test
    void countsSkippedRecordsPerTopic() {
        LiveCounters counters = new LiveCounters();
        counters.invalidRecord("labels", "k", "label 12 is not a digit 0..9");
        counters.invalidRecord("labels", null, "no key");
        counters.invalidRecord("predictions", "k", "a tombstone (no value)");
        assertThat(counters.totals().invalidRecordsByTopic()).containsEntry("labels", 2L).containsEntry("predictions", 1L);
        assertThat(counters.totals().invalidRecords()).isEqualTo(3);
    }
}
