package io.digitstream.classifier.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.MisclassifiedDigits;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.ModelComparison;
import java.util.Base64;
import java.util.Locale;

/** The JSON shapes of the HTTP API. Times are epoch milliseconds; the confusion matrix is rows of true labels. */
final class JsonViews {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonViews() {
    }

    static ObjectNode snapshot(MetricsSnapshot s) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("source", s.getSource());
        json.put("window", s.getWindow().name().toLowerCase(Locale.ROOT));
        json.put("start", s.getWindowStart() == null ? null : s.getWindowStart().toEpochMilli());
        json.put("end", s.getWindowEnd() == null ? null : s.getWindowEnd().toEpochMilli());
        json.put("size", s.getWindowSize());
        json.put("labeled", s.getLabeled());
        json.put("unlabeled", s.getUnlabeled());
        json.put("deadLetters", s.getDeadLetters());
        json.put("accuracy", s.getAccuracy());
        json.put("macroPrecision", s.getMacroPrecision());
        json.put("macroRecall", s.getMacroRecall());
        json.put("macroF1", s.getMacroF1());
        json.put("kappa", s.getKappa());
        ArrayNode perClass = json.putArray("perClass");
        int k = ConfusionMatrix.CLASSES;
        for (int digit = 0; digit < k; digit++) {
            long support = 0;
            for (int predicted = 0; predicted < k; predicted++) {
                support += s.getConfusion().get(digit * k + predicted);
            }
            perClass.addObject().put("digit", digit).put("precision", s.getPrecision().get(digit))
                    .put("recall", s.getRecall().get(digit)).put("f1", s.getF1().get(digit)).put("support", support);
        }
        ArrayNode confusion = json.putArray("confusion");
        for (int label = 0; label < k; label++) {
            ArrayNode row = confusion.addArray();
            for (int predicted = 0; predicted < k; predicted++) {
                row.add(s.getConfusion().get(label * k + predicted));
            }
        }
        json.put("latencyMeanMillis", s.getLatencyMeanMillis());
        json.put("latencyMaxMillis", s.getLatencyMaxMillis());
        json.put("asOf", s.getAsOf().toEpochMilli());
        if (s.getDrift() != null) {
            json.putObject("drift")
                    .put("modelVersion", s.getDrift().getModelVersion())
                    .put("predictions", s.getDrift().getPredictions())
                    .put("status", s.getDrift().getStatus().name().toLowerCase(Locale.ROOT))
                    .put("confidencePsi", s.getDrift().getConfidencePsi())
                    .put("classPsi", s.getDrift().getClassPsi())
                    .put("threshold", s.getDrift().getThreshold())
                    .put("minPredictions", s.getDrift().getMinPredictions());
        }
        json.set("comparison", s.getComparison() == null ? null : comparison(s.getComparison()));
        return json;
    }

    /** Champion and challenger side by side; null in {@link #snapshot} without a challenger. */
    static ObjectNode comparison(ModelComparison c) {
        return MAPPER.createObjectNode()
                .put("championVersion", c.getChampionVersion())
                .put("challengerVersion", c.getChallengerVersion())
                .put("compared", c.getCompared())
                .put("agreed", c.getAgreed())
                .put("agreement", c.getAgreement())
                .put("labeled", c.getLabeled())
                .put("championAccuracy", c.getChampionAccuracy())
                .put("challengerAccuracy", c.getChallengerAccuracy())
                .put("championOnlyCorrect", c.getChampionOnlyCorrect())
                .put("challengerOnlyCorrect", c.getChallengerOnlyCorrect())
                .put("accuracyDifference", c.getAccuracyDifference())
                .put("differenceLow", c.getDifferenceLow())
                .put("differenceHigh", c.getDifferenceHigh());
    }

    static ObjectNode totals(LiveCounters.Totals t) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("predictions", t.predictions());
        ObjectNode bySource = json.putObject("predictionsBySource");
        t.predictionsBySource().forEach(bySource::put);
        json.put("deadLetters", t.deadLetters());
        json.put("labeled", t.labeled());
        json.put("correct", t.correct());
        json.put("unlabeled", t.unlabeled());
        json.put("unmatchedLabels", t.unmatchedLabels());
        json.put("invalidRecords", t.invalidRecords());
        ObjectNode invalidByTopic = json.putObject("invalidRecordsByTopic");
        t.invalidRecordsByTopic().forEach(invalidByTopic::put);
        return json;
    }

    /** Adds the counters of another instance into {@code sum}. */
    static void addTotals(ObjectNode sum, JsonNode other) {
        other.fields().forEachRemaining(field -> {
            if (field.getValue().isObject()) {
                ObjectNode nested = sum.has(field.getKey()) ? (ObjectNode) sum.get(field.getKey()) : sum.putObject(field.getKey());
                addTotals(nested, field.getValue());
            } else if (field.getValue().isNumber()) {
                sum.put(field.getKey(), sum.path(field.getKey()).asLong(0) + field.getValue().asLong());
            }
        });
    }

    static ObjectNode thumbnail(MisclassifiedDigits.Thumbnail t) {
        return MAPPER.createObjectNode()
                .put("id", t.id())
                .put("source", t.source())
                .put("label", t.label())
                .put("digit", t.digit())
                .put("confidence", t.confidence())
                .put("time", t.time())
                .put("pixels", Base64.getEncoder().encodeToString(t.pixels()));
    }
}
