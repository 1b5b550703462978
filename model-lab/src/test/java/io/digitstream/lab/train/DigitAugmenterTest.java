package io.digitstream.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.image.StepImages;
import io.digitstream.testing.MnistFixture;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DigitAugmenterTest {

    private static final float[] DIGIT = NormalizedDataset.of(MnistFixture.test500().head(1)).inputs()[0];

    @Test
    void withoutAnyDistortionTheDigitIsUnchanged() {
        float[] out = new float[784];
        new DigitAugmenter(0, 0, 0, 0, 0).augment(DIGIT, out, 0, new SplittableRandom(1));
        for (int i = 0; i < out.length; i++) {
            assertThat(out[i]).isCloseTo(DIGIT[i], within(1e-5f));
        }
    }

    @Test
    void theGaussianKernelIsNormalizedAndSymmetric() {
        float[] kernel = DigitAugmenter.gaussianKernel(4);
        assertThat(kernel).hasSize(25);
        double sum = 0;
        for (float k : kernel) {
            sum += k;
        }
        assertThat(sum).isCloseTo(1, within(1e-5));
        assertThat(kernel[0]).isEqualTo(kernel[24]);
        assertThat(kernel[12]).isGreaterThan(kernel[11]);
    }

    @Test
    void elasticDistortionBendsStrokesButKeepsTheDigit() {
        DigitAugmenter elastic = new DigitAugmenter(0, 0, 0, 0, 20);
        SplittableRandom random = new SplittableRandom(7);
        double changed = 0;
        double correlation = 0;
        int samples = 50;
        for (int s = 0; s < samples; s++) {
            float[] out = new float[784];
            elastic.augment(DIGIT, out, 0, random);
            changed += meanAbsoluteDifference(DIGIT, out);
            correlation += StepImages.correlation(DIGIT, out);
            assertThat(StepImages.sum(out)).isCloseTo(StepImages.sum(DIGIT), within(0.3 * StepImages.sum(DIGIT)));
        }
        // a visible change (strokes move about a pixel), yet clearly the same digit
        assertThat(changed / samples).isGreaterThan(0.02);
        assertThat(correlation / samples).isBetween(0.5, 0.97);
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            total += Math.abs(a[i] - b[i]);
        }
        return total / a.length;
    }
}
