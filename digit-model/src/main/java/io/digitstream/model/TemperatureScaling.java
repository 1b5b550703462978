package io.digitstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Temperature scaling (Guo et al., 2017): one scalar T divides the logits before the softmax. The network ends in
 * a softmax, so the logits are taken as log p: they differ from the real logits by a constant per row, which the
 * softmax ignores, so no change to the model is needed. T is fitted on held-out images by minimizing the negative
 * log-likelihood with a golden-section search over log T (the likelihood is unimodal in T). T above 1 softens
 * over-confident probabilities; the predicted digit never changes.
 */
public final class TemperatureScaling {

    /** The search interval of T. */
    static final double MIN_TEMPERATURE = 0.05;
    static final double MAX_TEMPERATURE = 20;
    /** Equal-width confidence bins of the expected calibration error. */
    public static final int ECE_BINS = 15;
    /** Points of the stored coverage curve: every 1/COVERAGE_STEPS of the held-out images. */
    static final int COVERAGE_STEPS = 400;
    /** log p of a probability of 0, so that a zero stays finite after scaling. */
    private static final double LOG_FLOOR = Math.log(Float.MIN_VALUE);

    private TemperatureScaling() {
    }

    /** softmax(log p / T): the probabilities at temperature T. */
    public static float[] scale(float[] probabilities, double temperature) {
        double[] logits = new double[probabilities.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (probabilities[i] > 0 ? Math.log(probabilities[i]) : LOG_FLOOR) / temperature;
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Math.exp(logits[i] - max);
            sum += logits[i];
        }
        float[] scaled = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scaled[i] = (float) (logits[i] / sum);
        }
        return scaled;
    }

    /** Mean negative log-likelihood of the labels at temperature T. */
    public static double nll(float[][] probabilities, int[] labels, double temperature) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double[] logits = new double[probabilities[i].length];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < logits.length; c++) {
                float p = probabilities[i][c];
                logits[c] = (p > 0 ? Math.log(p) : LOG_FLOOR) / temperature;
                max = Math.max(max, logits[c]);
            }
            double logSum = 0;
            for (double logit : logits) {
                logSum += Math.exp(logit - max);
            }
            sum += max + Math.log(logSum) - logits[labels[i]];
        }
        return labels.length == 0 ? 0 : sum / labels.length;
    }

    /** The T of lowest negative log-likelihood in [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}]. */
    public static double fitTemperature(float[][] probabilities, int[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("no held-out images to fit a temperature on");
        }
        double golden = (Math.sqrt(5) - 1) / 2;
        double a = Math.log(MIN_TEMPERATURE);
        double b = Math.log(MAX_TEMPERATURE);
        double c = b - golden * (b - a);
        double d = a + golden * (b - a);
        double fc = nll(probabilities, labels, Math.exp(c));
        double fd = nll(probabilities, labels, Math.exp(d));
        while (b - a > 1e-4) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - golden * (b - a);
                fc = nll(probabilities, labels, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + golden * (b - a);
                fd = nll(probabilities, labels, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /**
     * Expected calibration error: over {@value #ECE_BINS} equal-width bins of the top confidence, the mean of
     * |accuracy − mean confidence| weighted by the share of images in the bin.
     */
    public static double expectedCalibrationError(float[][] probabilities, int[] labels, double temperature) {
        double[] confidence = new double[ECE_BINS];
        double[] correct = new double[ECE_BINS];
        int[] count = new int[ECE_BINS];
        for (int i = 0; i < labels.length; i++) {
            float[] p = scale(probabilities[i], temperature);
            int digit = Scores.argmax(p);
            int bin = Math.min(ECE_BINS - 1, (int) (p[digit] * ECE_BINS));
            confidence[bin] += p[digit];
            correct[bin] += digit == labels[i] ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int bin = 0; bin < ECE_BINS; bin++) {
            if (count[bin] > 0) {
                ece += Math.abs(correct[bin] - confidence[bin]) / labels.length;
            }
        }
        return ece;
    }

    /**
     * The accuracy-versus-coverage curve at temperature T, highest threshold first: one point per distinct
     * calibrated confidence, or, for more images than {@value #COVERAGE_STEPS}, every 1/{@value #COVERAGE_STEPS} of them
     * (a threshold read from it accepts at most that share fewer images than the exact one would).
     */
    public static List<Calibration.CoveragePoint> coverageCurve(float[][] probabilities, int[] labels, double temperature) {
        int n = labels.length;
        double[][] scored = new double[n][];
        for (int i = 0; i < n; i++) {
            float[] p = scale(probabilities[i], temperature);
            int digit = Scores.argmax(p);
            scored[i] = new double[] {p[digit], digit == labels[i] ? 0 : 1};
        }
        Arrays.sort(scored, (x, y) -> Double.compare(y[0], x[0]));
        List<Calibration.CoveragePoint> curve = new ArrayList<>();
        double expectedErrors = 0;
        int errors = 0;
        int nextStep = 1;
        for (int k = 1; k <= n; k++) {
            expectedErrors += 1 - scored[k - 1][0];
            errors += (int) scored[k - 1][1];
            boolean lastOfItsConfidence = k == n || scored[k][0] < scored[k - 1][0];
            if (lastOfItsConfidence && (n <= COVERAGE_STEPS || (long) k * COVERAGE_STEPS >= (long) nextStep * n)) {
                curve.add(new Calibration.CoveragePoint(scored[k - 1][0], (double) k / n, expectedErrors / k, (double) errors / k));
                while ((long) nextStep * n <= (long) k * COVERAGE_STEPS) {
                    nextStep++;
                }
            }
        }
        return curve;
    }

    /** Fits T on held-out probabilities and labels and describes the result. */
    public static Calibration fit(float[][] probabilities, int[] labels, String fittedOn) {
        double temperature = fitTemperature(probabilities, labels);
        return new Calibration(temperature, fittedOn, labels.length, nll(probabilities, labels, 1),
                nll(probabilities, labels, temperature), coverageCurve(probabilities, labels, temperature));
    }
}
