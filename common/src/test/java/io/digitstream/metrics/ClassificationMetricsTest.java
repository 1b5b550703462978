package io.digitstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    /**
     * Worked by hand: three classes present (0, 1, 2).
     * true 0: predicted 0 x8, 1 x2; true 1: predicted 1 x9, 2 x1; true 2: predicted 0 x1, 2 x4.
     * n = 25, correct = 21, accuracy = 0.84.
     * precision: c0 8/9, c1 9/11, c2 4/5; recall: c0 8/10, c1 9/10, c2 4/5.
     * p_e = (10*9 + 10*11 + 5*5) / 625 = 225/625 = 0.36; kappa = (0.84 - 0.36) / 0.64 = 0.75.
     */
    @Test
    void matchesAHandWorkedExample() {
        ConfusionMatrix m = new ConfusionMatrix();
        add(m, 0, 0, 8);
        add(m, 0, 1, 2);
        add(m, 1, 1, 9);
        add(m, 1, 2, 1);
        add(m, 2, 0, 1);
        add(m, 2, 2, 4);

        ClassificationMetrics metrics = m.metrics();

        assertThat(metrics.n()).isEqualTo(25);
        assertThat(metrics.accuracy()).isCloseTo(0.84, within(1e-12));
        assertThat(metrics.precision()[0]).isCloseTo(8.0 / 9, within(1e-12));
        assertThat(metrics.precision()[1]).isCloseTo(9.0 / 11, within(1e-12));
        assertThat(metrics.recall()[2]).isCloseTo(0.8, within(1e-12));
        assertThat(metrics.macroPrecision()).isCloseTo((8.0 / 9 + 9.0 / 11 + 0.8) / 3, within(1e-12));
        assertThat(metrics.macroRecall()).isCloseTo((0.8 + 0.9 + 0.8) / 3, within(1e-12));
        double f0 = 2 * (8.0 / 9) * 0.8 / (8.0 / 9 + 0.8);
        double f1 = 2 * (9.0 / 11) * 0.9 / (9.0 / 11 + 0.9);
        assertThat(metrics.macroF1()).isCloseTo((f0 + f1 + 0.8) / 3, within(1e-12));
        assertThat(metrics.kappa()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void emptyMatrixHasZeroesNotNaN() {
        ClassificationMetrics metrics = new ConfusionMatrix().metrics();
        assertThat(metrics.n()).isZero();
        assertThat(metrics.accuracy()).isZero();
        assertThat(metrics.macroF1()).isZero();
        assertThat(metrics.kappa()).isZero();
    }

    @Test
    void oneClassOnlyPerfectlyAgreedIsKappaOne() {
        ConfusionMatrix m = new ConfusionMatrix();
        add(m, 3, 3, 50);
        ClassificationMetrics metrics = m.metrics();
        assertThat(metrics.accuracy()).isEqualTo(1.0);
        assertThat(metrics.macroF1()).isEqualTo(1.0);
        assertThat(metrics.kappa()).isEqualTo(1.0);
    }

    @Test
    void aClassNeverPredictedHasZeroPrecisionAndCountsInTheMacroAverage() {
        ConfusionMatrix m = new ConfusionMatrix();
        add(m, 0, 0, 5);
        add(m, 1, 0, 5);
        ClassificationMetrics metrics = m.metrics();
        assertThat(metrics.precision()[1]).isZero();
        assertThat(metrics.recall()[1]).isZero();
        assertThat(metrics.macroRecall()).isCloseTo(0.5, within(1e-12));
        assertThat(metrics.macroPrecision()).isCloseTo(0.25, within(1e-12));
        assertThat(metrics.kappa()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void chanceLevelAgreementIsKappaZero() {
        ConfusionMatrix m = new ConfusionMatrix();
        // Predictions independent of labels: every cell equal.
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                add(m, t, p, 7);
            }
        }
        assertThat(m.metrics().kappa()).isCloseTo(0.0, within(1e-12));
        assertThat(m.metrics().accuracy()).isCloseTo(0.1, within(1e-12));
    }

    /** Property test: agrees with an independent computation from label/prediction pairs. */
    @Test
    void agreesWithAReferenceComputationOnThousandsOfRandomMatrices() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 3000; trial++) {
            int n = random.nextInt(0, 300);
            int classes = random.nextInt(1, 11);
            int[] labels = new int[n];
            int[] predictions = new int[n];
            ConfusionMatrix m = new ConfusionMatrix();
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(classes);
                predictions[i] = random.nextInt(10) < 7 ? labels[i] : random.nextInt(classes);
                m.add(labels[i], predictions[i]);
            }
            ClassificationMetrics metrics = m.metrics();
            double[] reference = reference(labels, predictions);
            assertThat(metrics.accuracy()).isCloseTo(reference[0], within(1e-9));
            assertThat(metrics.macroF1()).isCloseTo(reference[1], within(1e-9));
            assertThat(metrics.kappa()).isCloseTo(reference[2], within(1e-9));
            double[] interval = metrics.errorRateInterval95();
            if (n > 0) {
                assertThat(1 - metrics.accuracy()).isBetween(interval[0], interval[1]);
            }
        }
    }

    /** {accuracy, macro F1 over present classes, kappa} straight from the pairs, no matrix. */
    private static double[] reference(int[] labels, int[] predictions) {
        int n = labels.length;
        if (n == 0) {
            return new double[] {0, 0, 0};
        }
        double agree = 0;
        double f1Sum = 0;
        int present = 0;
        double chance = 0;
        for (int c = 0; c < 10; c++) {
            int tp = 0;
            int predicted = 0;
            int actual = 0;
            for (int i = 0; i < n; i++) {
                tp += labels[i] == c && predictions[i] == c ? 1 : 0;
                predicted += predictions[i] == c ? 1 : 0;
                actual += labels[i] == c ? 1 : 0;
            }
            agree += tp;
            chance += (double) predicted * actual / ((double) n * n);
            if (predicted + actual > 0) {
                present++;
                f1Sum += 2.0 * tp / (predicted + actual); // F1 = 2TP / (2TP + FP + FN)
            }
        }
        double accuracy = agree / n;
        double kappa = chance >= 1 ? 1 : (accuracy - chance) / (1 - chance);
        return new double[] {accuracy, f1Sum / present, kappa};
    }

    private static void add(ConfusionMatrix m, int label, int predicted, int times) {
        for (int i = 0; i < times; i++) {
            m.add(label, predicted);
        }
    }
}
