package io.digitstream.metrics;

/**
 * Metrics derived from a confusion matrix. Macro averages run over the classes present, a class being
 * present when it occurs as a true label or as a prediction, so a window that holds only some digits
 * is not penalized for the absent ones. A per-class precision whose denominator is zero (the class was
 * never predicted) counts as 0 in the macro average, as does such a recall; F1 is 0 when precision and
 * recall are both 0. Cohen's kappa is (p_o - p_e) / (1 - p_e), defined as 1 when p_e = 1 (all labels
 * and predictions one class, perfect agreement) and 0 for an empty matrix.
 */
public record ClassificationMetrics(
        long n,
        double accuracy,
        double[] precision,
        double[] recall,
        double[] f1,
        double macroPrecision,
        double macroRecall,
        double macroF1,
        double kappa) {

    public static ClassificationMetrics of(ConfusionMatrix m) {
        int k = ConfusionMatrix.CLASSES;
        long n = m.total();
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        int present = 0;
        double expectedAgreement = 0;
        for (int c = 0; c < k; c++) {
            long tp = m.count(c, c);
            long predicted = m.columnSum(c);
            long actual = m.rowSum(c);
            precision[c] = predicted == 0 ? 0 : (double) tp / predicted;
            recall[c] = actual == 0 ? 0 : (double) tp / actual;
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            if (predicted > 0 || actual > 0) {
                present++;
                sumP += precision[c];
                sumR += recall[c];
                sumF += f1[c];
            }
            if (n > 0) {
                expectedAgreement += ((double) actual / n) * ((double) predicted / n);
            }
        }
        double accuracy = n == 0 ? 0 : (double) m.correct() / n;
        double kappa;
        if (n == 0) {
            kappa = 0;
        } else if (expectedAgreement >= 1.0) {
            kappa = 1.0;
        } else {
            kappa = (accuracy - expectedAgreement) / (1 - expectedAgreement);
        }
        return new ClassificationMetrics(n, accuracy, precision, recall, f1,
                present == 0 ? 0 : sumP / present, present == 0 ? 0 : sumR / present, present == 0 ? 0 : sumF / present,
                kappa);
    }

    /** Wilson score 95% interval of the error rate, {low, high}. */
    public double[] errorRateInterval95() {
        return wilsonInterval95(1 - accuracy, n);
    }

    /**
     * Wilson score 95% interval of a proportion {@code p} observed in {@code n} trials, {low, high}; {0, 1} when
     * {@code n} is 0. Also for error rates that count what the confusion matrix cannot hold (dead letters).
     */
    public static double[] wilsonInterval95(double p, long n) {
        if (n == 0) {
            return new double[] {0, 1};
        }
        double z = 1.959963984540054;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        // At p = 0 or 1 the bound is exact analytically; rounding would leave it a hair inside.
        return new double[] {p == 0 ? 0 : Math.max(0, centre - half), p == 1 ? 1 : Math.min(1, centre + half)};
    }
}
