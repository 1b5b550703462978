package io.digitstream.tools.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.DriftScore;
import io.digitstream.schemas.DriftStatus;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.ModelComparison;
import io.digitstream.schemas.WindowKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsSnapshotFormatTest {

    private static MetricsSnapshot snapshot(WindowKind kind) {
        List<Long> confusion = new ArrayList<>(Collections.nCopies(100, 0L));
        confusion.set(3 * 10 + 3, 9L);
        confusion.set(3 * 10 + 8, 1L); // a 3 taken for an 8
        boolean time = kind == WindowKind.TIME;
        return MetricsSnapshot.newBuilder().setSource("scanner-1").setWindow(kind)
                .setWindowStart(time ? Instant.ofEpochMilli(1_700_000_000_000L) : null)
                .setWindowEnd(time ? Instant.ofEpochMilli(1_700_000_030_000L) : null)
                .setWindowSize(time ? 30_000 : 1_000).setLabeled(10).setUnlabeled(time ? 2 : 0).setDeadLetters(0)
                .setAccuracy(0.9).setMacroPrecision(0.5).setMacroRecall(0.45).setMacroF1(0.4737).setKappa(0.0)
                .setPrecision(Collections.nCopies(10, 0.1)).setRecall(Collections.nCopies(10, 0.2)).setF1(Collections.nCopies(10, 0.3))
                .setConfusion(confusion).setLatencyMeanMillis(time ? 12.5 : null).setLatencyMaxMillis(time ? 40L : null)
                .setAsOf(Instant.ofEpochMilli(1_700_000_012_345L)).build();
    }

    @Test
    void tableLineNamesTheWindowAndItsMetrics() {
        MetricsSnapshotFormat format = new MetricsSnapshotFormat();

        assertThat(format.tableLine(snapshot(WindowKind.TIME)))
                .contains("scanner-1", "time  2023-11-14T22:13:20Z +30s", "n      10", "acc   90.00%", "macro-F1 0.474",
                        "kappa  0.000", "unlabeled 2");
        assertThat(format.tableLine(snapshot(WindowKind.COUNT))).contains("count last 1,000");
    }

    @Test
    void jsonHasTheMatrixAsRowsOfTrueLabels() {
        JsonNode json = new MetricsSnapshotFormat().json(snapshot(WindowKind.TIME));

        assertThat(json.get("window").asText()).isEqualTo("time");
        assertThat(json.get("start").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(json.get("confusion")).hasSize(10);
        assertThat(json.get("confusion").get(3).get(8).asLong()).isEqualTo(1);
        assertThat(json.get("confusion").get(3).get(3).asLong()).isEqualTo(9);
        assertThat(json.get("f1")).hasSize(10);
        assertThat(json.get("latencyMeanMillis").asDouble()).isEqualTo(12.5);
        assertThat(new MetricsSnapshotFormat().json(snapshot(WindowKind.COUNT)).get("start").isNull()).isTrue();
    }

    @Test
    void showsTheDriftOfATimeWindow() {
        MetricsSnapshot s = snapshot(WindowKind.TIME);
        s.setDrift(DriftScore.newBuilder().setModelVersion("m-1").setPredictions(1_234).setStatus(DriftStatus.DRIFTED)
                .setConfidencePsi(2.25).setClassPsi(0.4).setThreshold(1.0).setMinPredictions(200).build());
        MetricsSnapshotFormat format = new MetricsSnapshotFormat();

        assertThat(format.tableLine(s)).endsWith("  drift drifted 2.250/0.400 (model m-1, 1,234)");
        JsonNode json = format.json(s);
        assertThat(json.at("/drift/status").asText()).isEqualTo("drifted");
        assertThat(json.at("/drift/confidencePsi").asDouble()).isEqualTo(2.25);
        s.setDrift(DriftScore.newBuilder().setModelVersion("m-1").setPredictions(12).setStatus(DriftStatus.TOO_FEW)
                .setThreshold(1.0).setMinPredictions(200).build());
        assertThat(format.tableLine(s)).endsWith("  drift too_few (model m-1, 12)");
        assertThat(format.json(s).at("/drift/confidencePsi").isNull()).isTrue();
        assertThat(format.tableLine(snapshot(WindowKind.COUNT))).doesNotContain("drift");
        assertThat(format.json(snapshot(WindowKind.COUNT)).has("drift")).isFalse();
    }

    @Test
    void showsChampionAndChallengerSideBySide() {
        MetricsSnapshot s = snapshot(WindowKind.TIME);
        MetricsSnapshotFormat format = new MetricsSnapshotFormat();
        assertThat(format.tableLine(s)).doesNotContain("challenger");
        assertThat(format.json(s).has("comparison")).isFalse();

        s.setComparison(ModelComparison.newBuilder().setChampionVersion("m-1").setChallengerVersion("m-2").setCompared(279)
                .setAgreed(266).setAgreement(266 / 279.0).setLabeled(279).setChampionCorrect(263).setChallengerCorrect(265)
                .setChampionOnlyCorrect(5).setChallengerOnlyCorrect(7).setChampionAccuracy(263 / 279.0)
                .setChallengerAccuracy(265 / 279.0).setAccuracyDifference(2 / 279.0).setDifferenceLow(-0.018)
                .setDifferenceHigh(0.0322).build());

        assertThat(format.tableLine(s)).endsWith("  challenger m-2 vs m-1: agree 95.3% of 279, accuracy +0.72% [-1.80%, +3.22%]");
        JsonNode json = format.json(s);
        assertThat(json.at("/comparison/championVersion").asText()).isEqualTo("m-1");
        assertThat(json.at("/comparison/challengerVersion").asText()).isEqualTo("m-2");
        assertThat(json.at("/comparison/compared").asLong()).isEqualTo(279);
        assertThat(json.at("/comparison/agreed").asLong()).isEqualTo(266);
        assertThat(json.at("/comparison/challengerOnlyCorrect").asLong()).isEqualTo(7);
        assertThat(json.at("/comparison/accuracyDifference").asDouble()).isEqualTo(2 / 279.0);
        assertThat(json.at("/comparison/differenceLow").asDouble()).isEqualTo(-0.018);
        assertThat(json.at("/comparison/differenceHigh").asDouble()).isEqualTo(0.0322);
    }
}
