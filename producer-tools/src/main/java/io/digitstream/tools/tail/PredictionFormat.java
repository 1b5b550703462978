package io.digitstream.tools.tail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.schemas.Prediction;
import java.time.Duration;

/** Shows a prediction with its confidence, whether it matches the label, and the capture-to-answer latency. */
public final class PredictionFormat implements RecordFormat<Prediction> {

    @Override
    public String tableLine(Prediction p) {
        long latencyMillis = Duration.between(p.getCaptureTime(), p.getClassificationTime()).toMillis();
        return String.format("%-24s %-14s digit %d %7.2f%%   label %s %-5s %7d ms   %s", p.getId(), p.getSource(),
                p.getDigit(), 100.0 * p.getConfidence(), p.getLabel() == null ? "-" : p.getLabel(), verdict(p),
                latencyMillis, p.getModelVersion());
    }

    private static String verdict(Prediction p) {
        if (p.getLabel() == null) {
            return "";
        }
        return p.getLabel() == p.getDigit() ? "ok" : "WRONG";
    }

    @Override
    public ObjectNode json(Prediction p) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", p.getId());
        node.put("source", p.getSource());
        node.put("digit", p.getDigit());
        node.put("confidence", p.getConfidence());
        ArrayNode probabilities = node.putArray("probabilities");
        p.getProbabilities().forEach(probabilities::add);
        node.put("modelVersion", p.getModelVersion());
        node.put("captureTime", p.getCaptureTime().toEpochMilli());
        node.put("classificationTime", p.getClassificationTime().toEpochMilli());
        node.put("label", p.getLabel());
        return node;
    }
}
