package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.testing.MnistFixture;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TurnRereadingTest {

    private static final int SIDE = 28;

    @Test
    void aQuarterTurnIsExactAndEqualsTheQuarterTurnReadingsOwn() {
        float[] image = NormalizedDataset.of(MnistFixture.test500()).inputs()[0];
        // a quarter turn clockwise, as the quarter-turn reading makes it, is a turn by -90 degrees
        assertThat(TurnRereading.turn(image, -90)).containsExactly(QuarterTurnReading.quarterTurn(image),
                Offset.offset(1e-5f));
        assertThat(TurnRereading.turn(image, 0)).containsExactly(image, Offset.offset(1e-6f));
        assertThatThrownBy(() -> TurnRereading.turn(new float[SIDE * SIDE - 1], 45))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTurnBy45DegreesMovesAPixelAlongItsCircleAndLetsBackgroundInAtTheCorners() {
        float[] image = new float[SIDE * SIDE];
        java.util.Arrays.fill(image, 1f);
        float[] turned = TurnRereading.turn(image, 45);
        assertThat(turned[0]).as("a corner turns in from outside the square").isZero();
        assertThat(turned[14 * SIDE + 14]).as("the middle stays").isEqualTo(1f, Offset.offset(1e-6f));

        // a point right of the centre ((13.5, 13.5)) turns counter-clockwise, up and to the right
        float[] point = new float[SIDE * SIDE];
        int x = 21;
        int y = 13;
        point[y * SIDE + x] = 1f;
        float[] moved = TurnRereading.turn(point, 45);
        double cx = 0;
        double cy = 0;
        double total = 0;
        for (int i = 0; i < moved.length; i++) {
            cx += moved[i] * (i % SIDE);
            cy += moved[i] * (i / SIDE);
            total += moved[i];
        }
        // (21, 13) lies 7.5 right of the centre and 0.5 above it; y grows downwards
        double half = Math.sqrt(0.5);
        assertThat(cx / total).isCloseTo(13.5 + half * 7.5 - half * 0.5, Offset.offset(0.3));
        assertThat(cy / total).isCloseTo(13.5 - half * 7.5 - half * 0.5, Offset.offset(0.3));
    }

    /** The shipped threshold at its limit: an image is read again, three more times, only below it. */
    @ParameterizedTest
    @CsvSource({"0.8999, 4", "0.9, 1", "0.9001, 1"})
    void onlyAnImageWhoseTopProbabilityIsBelowTheThresholdIsReadAgain(float top, int readings) {
        RereadingFixtures.Counting engine = new RereadingFixtures.Counting(top);
        new TurnRereading(engine, Engines.REREAD_BELOW.defaultValue()).classify(new float[][] {new float[SIDE * SIDE]});
        assertThat(engine.images).isEqualTo(readings);
    }

    @Test
    void anUnsureRotatedDigitIsTheGeometricMeanOfItsFourReadingsAndASureOneIsReadOnce() {
        DigitModel rotation = TestModels.rotation();
        float[][] inputs = NormalizedDataset.of(MnistFixture.test500()).inputs();
        float[][] once = rotation.classify(inputs);
        int[] unsureAndSure = RereadingFixtures.firstUnsureAndSure(once, 0.99f);
        int unsure = unsureAndSure[0];
        int sure = unsureAndSure[1];
        assertThat(unsure).as("an unsure image among the 500").isNotNegative();
        float[][] pair = {inputs[unsure], inputs[sure]};
        float[][] first = rotation.classify(pair);
        float[][] read = new TurnRereading(rotation, 0.99).classify(pair);

        float[][] four = new float[4][];
        four[0] = first[0];
        for (int t = 0; t < 3; t++) {
            four[t + 1] = rotation.classify(new float[][] {TurnRereading.turn(inputs[unsure], TurnRereading.TURNS[t])})[0];
        }
        assertThat(read[0]).containsExactly(Readings.geometricMean(four, 0, 4), Offset.offset(1e-5f));
        assertThat(read[1]).containsExactly(first[1]);
        assertThat(new TurnRereading(rotation, 0.99).copy()).isInstanceOf(TurnRereading.class);
    }
}
