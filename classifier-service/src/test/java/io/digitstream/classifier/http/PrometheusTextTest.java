package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void groupsSamplesByFamilyWithOneHelpAndTypeEach() {
        String text = new PrometheusText()
                .counter("digits_predictions_total", "Predictions", Map.of("source", "a"), 3)
                .gauge("digits_window_accuracy", "Accuracy", Map.of(), 0.975)
                .counter("digits_predictions_total", "Predictions", Map.of("source", "b"), 4)
                .render();

        assertThat(text).isEqualTo("""
                # HELP digits_predictions_total Predictions
                # TYPE digits_predictions_total counter
                digits_predictions_total{source="a"} 3
                digits_predictions_total{source="b"} 4
                # HELP digits_window_accuracy Accuracy
                # TYPE digits_window_accuracy gauge
                digits_window_accuracy 0.975
                """);
    }

    @Test
    void makesNamesValidEscapesLabelValuesAndDropsRepeatedSeries() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("thread-id", "a\"b\\c\nd");
        String text = new PrometheusText()
                .gauge("kafka_stream-thread_process-rate", "rate", labels, Double.NaN)
                .gauge("kafka_stream-thread_process-rate", "rate", labels, 1)
                .add("lat", "histogram", "h", "_bucket", Map.of("le", "+Inf"), 2)
                .render();

        assertThat(text).contains("kafka_stream_thread_process_rate{thread_id=\"a\\\"b\\\\c\\nd\"} NaN\n")
                .doesNotContain("} 1\n")
                .contains("# TYPE lat histogram\nlat_bucket{le=\"+Inf\"} 2\n");
    }
}
