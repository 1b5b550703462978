package io.digitstream.tools.tail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.schemas.DriftScore;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.ModelComparison;
import io.digitstream.schemas.WindowKind;
import java.util.List;
import java.util.Locale;

/** Shows a live metrics snapshot: which window of which source, its counts and the metrics derived from its matrix. */
public final class MetricsSnapshotFormat implements RecordFormat<MetricsSnapshot> {

    private static final int CLASSES = 10;

    @Override
    public String tableLine(MetricsSnapshot s) {
        String window = s.getWindow() == WindowKind.TIME
                ? String.format("time  %s +%ds", s.getWindowStart(), s.getWindowSize() / 1000)
                : String.format("count last %,d", s.getWindowSize());
        return String.format(Locale.ROOT, "%-24s %-14s %-36s n %,7d  acc %7.2f%%  macro-F1 %.3f  kappa %6.3f  unlabeled %,d  dead letters %,d",
                s.getAsOf(), s.getSource(), window, s.getLabeled(), 100 * s.getAccuracy(), s.getMacroF1(), s.getKappa(),
                s.getUnlabeled(), s.getDeadLetters()) + drift(s.getDrift()) + comparison(s.getComparison());
    }

    /** {@code challenger m-2 vs m-1: agree 95.3% of 279, accuracy +0.72% [-1.80%, +3.23%]}; nothing without. */
    private static String comparison(ModelComparison c) {
        if (c == null) {
            return "";
        }
        return String.format(Locale.ROOT, "  challenger %s vs %s: agree %.1f%% of %,d, accuracy %+.2f%% [%+.2f%%, %+.2f%%]",
                c.getChallengerVersion(), c.getChampionVersion(), 100 * c.getAgreement(), c.getCompared(),
                100 * c.getAccuracyDifference(), 100 * c.getDifferenceLow(), 100 * c.getDifferenceHigh());
    }

    /** {@code drift stable 0.042/0.013 (model m, 812)}, {@code drift too_few (model m, 12)}; nothing without. */
    private static String drift(DriftScore d) {
        if (d == null) {
            return "";
        }
        String psi = d.getConfidencePsi() == null ? ""
                : String.format(Locale.ROOT, " %.3f/%.3f", d.getConfidencePsi(), d.getClassPsi());
        return String.format(Locale.ROOT, "  drift %s%s (model %s, %,d)", d.getStatus().name().toLowerCase(Locale.ROOT), psi,
                d.getModelVersion(), d.getPredictions());
    }

    @Override
    public ObjectNode json(MetricsSnapshot s) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("source", s.getSource());
        node.put("window", s.getWindow().name().toLowerCase(Locale.ROOT));
        node.put("start", s.getWindowStart() == null ? null : s.getWindowStart().toEpochMilli());
        node.put("end", s.getWindowEnd() == null ? null : s.getWindowEnd().toEpochMilli());
        node.put("size", s.getWindowSize());
        node.put("labeled", s.getLabeled());
        node.put("unlabeled", s.getUnlabeled());
        node.put("deadLetters", s.getDeadLetters());
        node.put("accuracy", s.getAccuracy());
        node.put("macroPrecision", s.getMacroPrecision());
        node.put("macroRecall", s.getMacroRecall());
        node.put("macroF1", s.getMacroF1());
        node.put("kappa", s.getKappa());
        doubles(node.putArray("precision"), s.getPrecision());
        doubles(node.putArray("recall"), s.getRecall());
        doubles(node.putArray("f1"), s.getF1());
        ArrayNode confusion = node.putArray("confusion");
        for (int label = 0; label < CLASSES; label++) {
            ArrayNode row = confusion.addArray();
            s.getConfusion().subList(label * CLASSES, (label + 1) * CLASSES).forEach(row::add);
        }
        node.put("latencyMeanMillis", s.getLatencyMeanMillis());
        node.put("latencyMaxMillis", s.getLatencyMaxMillis());
        node.put("asOf", s.getAsOf().toEpochMilli());
        DriftScore d = s.getDrift();
        if (d != null) {
            node.putObject("drift").put("modelVersion", d.getModelVersion()).put("predictions", d.getPredictions())
                    .put("status", d.getStatus().name().toLowerCase(Locale.ROOT)).put("confidencePsi", d.getConfidencePsi())
                    .put("classPsi", d.getClassPsi()).put("threshold", d.getThreshold()).put("minPredictions", d.getMinPredictions());
        }
        ModelComparison c = s.getComparison();
        if (c != null) { // the same fields as the HTTP API's windows
            node.putObject("comparison").put("championVersion", c.getChampionVersion())
                    .put("challengerVersion", c.getChallengerVersion()).put("compared", c.getCompared())
                    .put("agreed", c.getAgreed()).put("agreement", c.getAgreement()).put("labeled", c.getLabeled())
                    .put("championAccuracy", c.getChampionAccuracy()).put("challengerAccuracy", c.getChallengerAccuracy())
                    .put("championOnlyCorrect", c.getChampionOnlyCorrect())
                    .put("challengerOnlyCorrect", c.getChallengerOnlyCorrect())
                    .put("accuracyDifference", c.getAccuracyDifference()).put("differenceLow", c.getDifferenceLow())
                    .put("differenceHigh", c.getDifferenceHigh());
        }
        return node;
    }

    private static void doubles(ArrayNode array, List<Double> values) {
        values.forEach(array::add);
    }
}
