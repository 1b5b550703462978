package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.testing.MnistFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShiftRereadingTest {

    private static DigitModel shipped;

    @BeforeAll
    static void load() {
        shipped = TestModels.shipped();
    }

    @Test
    void aShiftMovesEveryPixelByOneAndLetsBackgroundIn() {
        float[] image = new float[28 * 28];
        image[5 * 28 + 7] = 1f;   // (7, 5)
        image[3 * 28 + 27] = 0.5f; // (27, 3), on the right edge
        float[] right = ShiftRereading.shift(image, 1, 0);
        assertThat(right[5 * 28 + 8]).isEqualTo(1f);
        assertThat(right[5 * 28 + 7]).isZero();
        assertThat(sum(right)).as("the edge pixel moved out").isEqualTo(1f);
        float[] down = ShiftRereading.shift(image, 0, 1);
        assertThat(down[6 * 28 + 7]).isEqualTo(1f);
        assertThat(down[4 * 28 + 27]).isEqualTo(0.5f);
        assertThat(ShiftRereading.shift(ShiftRereading.shift(image, -1, 0), 1, 0)[5 * 28 + 7]).isEqualTo(1f);
        assertThat(ShiftRereading.shift(image, 0, -1)[4 * 28 + 7]).isEqualTo(1f);
        assertThatThrownBy(() -> ShiftRereading.shift(new float[28 * 28 - 1], 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The shipped threshold (0.9) at its limit: an image is read again only when its top probability is below it. */
    @ParameterizedTest
    @CsvSource({"0.8999, 5", "0.9, 1", "0.9001, 1"})
    void onlyAnImageWhoseTopProbabilityIsBelowTheThresholdIsReadAgain(float top, int readings) {
        assertThat(Engines.REREAD_BELOW.defaultValue()).isEqualTo(0.9);
        RereadingFixtures.Counting engine = new RereadingFixtures.Counting(top);
        new ShiftRereading(engine, Engines.REREAD_BELOW.defaultValue()).classify(new float[][] {new float[28 * 28]});
        assertThat(engine.images).isEqualTo(readings);
    }

    /** The setting's range, 0 (off) to 1, at both ends. */
    @ParameterizedTest
    @CsvSource({"-0.01, refused", "0, off", "0.01, on", "0.99, on", "1, on", "1.01, refused"})
    void theThresholdIsAProbability(String value, String outcome) {
        Map<String, String> settings = Map.of(Engines.REREAD_BELOW.name(), value);
        switch (outcome) {
            case "refused" -> assertThatThrownBy(() -> Engines.open(Engines.DL4J, shipped, settings))
                    .isInstanceOf(RuntimeException.class).hasMessageContaining(Engines.REREAD_BELOW.name());
            case "off" -> assertThat(open(settings)).isSameAs(shipped);
            default -> assertThat(open(settings)).isInstanceOf(ShiftRereading.class);
        }
    }

    private static InferenceEngine open(Map<String, String> settings) {
        try {
            return Engines.open(Engines.DL4J, shipped, settings);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnsureImageIsTheGeometricMeanOfItsFiveReadingsAndASureOneIsReadOnce() {
        float[][] inputs = NormalizedDataset.of(MnistFixture.test500()).inputs();
        float[][] once = shipped.classify(inputs);
        int[] unsureAndSure = RereadingFixtures.firstUnsureAndSure(once, 0.99f);
        int unsure = unsureAndSure[0];
        int sure = unsureAndSure[1];
        assertThat(unsure).as("an unsure image among the 500").isNotNegative();
        float[][] pair = {inputs[unsure], inputs[sure]};
        float[][] first = shipped.classify(pair); // the same batch as the re-reader's first reading
        float[][] read = new ShiftRereading(shipped, 0.99).classify(pair);

        float[][] five = new float[5][];
        five[0] = first[0];
        for (int s = 0; s < 4; s++) {
            int[] d = ShiftRereading.SHIFTS[s];
            five[s + 1] = shipped.classify(new float[][] {ShiftRereading.shift(inputs[unsure], d[0], d[1])})[0];
        }
        assertThat(read[0]).containsExactly(Readings.geometricMean(five, 0, 5), org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Math.abs(read[0][Scores.argmax(first[0])] - first[0][Scores.argmax(first[0])])).isGreaterThan(1e-4f);
        assertThat(read[1]).containsExactly(first[1]);
    }

    @Test
    void everyModelIsServedWithRereadingUnlessSwitchedOff() throws Exception {
        InferenceEngine served = Engines.open(Engines.DL4J, shipped, Map.of());
        assertThat(served).isInstanceOf(ShiftRereading.class);
        assertThat(served.version()).isEqualTo(shipped.version());
        assertThat(served.copy()).isInstanceOf(ShiftRereading.class);
        assertThat(((RepeatedReading) served).engine()).isSameAs(shipped);
        DigitModel shippedRotation = TestModels.rotation();
        InferenceEngine rotation = Engines.open(Engines.DL4J, shippedRotation, Map.of());
        assertThat(rotation).as("a rotation model re-reads at other angles").isInstanceOf(TurnRereading.class);
        assertThat(shippedRotation.metadata().parameters().architecture()).isEqualTo(NetworkArchitecture.TURN_POOLED);
        assertThat(((RepeatedReading) rotation).engine()).as("the rotation model reads its quarter turns itself")
                .isSameAs(shippedRotation);
        InferenceEngine vggRotation = Engines.open(Engines.DL4J, TestModels.vggReadAtAnyAngle(), Map.of());
        assertThat(vggRotation).isInstanceOf(TurnRereading.class);
        assertThat(((RepeatedReading) vggRotation).engine()).as("each reading of a VGG rotation model is four")
                .isInstanceOf(QuarterTurnReading.class);
    }

    @Test
    void closingTheReadingClosesTheEngineItReadsWith() throws Exception {
        RereadingFixtures.Counting engine = new RereadingFixtures.Counting(1f);
        new ShiftRereading(engine, 0.99).close();
        assertThat(engine.closed).isTrue();
    }

    private static float sum(float[] values) {
        float sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }
}
