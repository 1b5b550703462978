package io.digitstream.classifier.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.classifier.metrics.CurrentWindow;
import io.digitstream.classifier.metrics.MetricsConfig;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the dashboard shows, in one JSON object: per source the time series of its time windows up to the current one
 * (accuracy, macro F1, kappa per window end: each point covers the window size before it), its current time window
 * and its count window (both with the confusion matrix), plus the instances' counters and latest misclassified digits.
 */
final class DashboardState {

    static final int THUMBNAILS = 16;

    private final ClusterMetrics cluster;
    private final MetricsConfig config;
    private final Supplier<KafkaStreams.State> state;

    DashboardState(ClusterMetrics cluster, MetricsConfig config, Supplier<KafkaStreams.State> state) {
        this.cluster = cluster;
        this.config = config;
        this.state = state;
    }

    ObjectNode build() {
        ObjectNode json = JsonViews.MAPPER.createObjectNode();
        json.put("time", System.currentTimeMillis());
        json.put("state", state.get().name());
        json.putObject("config")
                .put("windowSizeMillis", config.windowSize().toMillis())
                .put("windowAdvanceMillis", config.windowAdvance().toMillis())
                .put("windowGraceMillis", config.windowGrace().toMillis())
                .put("joinWindowMillis", config.joinWindow().toMillis())
                .put("rollingCount", config.rollingCount());
        try {
            ArrayNode sources = json.putArray("sources");
            ObjectNode series = json.putObject("series");
            ObjectNode current = json.putObject("current");
            ObjectNode rolling = json.putObject("rolling");
            for (String source : cluster.sources(false)) {
                sources.add(source);
                List<ObjectNode> windows = cluster.timeWindows(source, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2), false);
                ObjectNode now = CurrentWindow.of(windows, w -> w.get("start").asLong(), config.windowSize()).orElse(null);
                if (now != null) {
                    current.set(source, now);
                }
                ArrayNode points = series.putArray(source);
                for (ObjectNode w : windows) {
                    if (now == null || w.get("start").asLong() > now.get("start").asLong()) {
                        continue; // windows newer than the current one have only begun: a point for each would be noise
                    }
                    points.addObject().put("end", w.get("end").asLong()).put("labeled", w.get("labeled").asLong())
                            .put("unlabeled", w.get("unlabeled").asLong()).put("deadLetters", w.get("deadLetters").asLong())
                            .put("accuracy", w.get("accuracy").asDouble()).put("macroF1", w.get("macroF1").asDouble())
                            .put("kappa", w.get("kappa").asDouble());
                }
                JsonNode count = cluster.countWindow(source, false);
                if (!count.isNull()) {
                    rolling.set(source, count);
                }
            }
            json.set("counters", cluster.counters(false));
            json.set("misclassified", cluster.misclassified(false, THUMBNAILS));
        } catch (ClusterMetrics.Unavailable e) {
            json.put("error", e.getMessage());
        }
        return json;
    }
}
