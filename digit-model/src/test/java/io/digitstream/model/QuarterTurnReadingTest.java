package io.digitstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuarterTurnReadingTest {

    private static DigitModel rotation;

    @BeforeAll
    static void load() {
        rotation = TestModels.vggReadAtAnyAngle();
    }

    /** A hook-shaped stroke, like a 7 or a 1 with a flag: its quarter turns look like other digits to an upright eye. */
    private static float[] hook() {
        float[] image = new float[28 * 28];
        for (int x = 8; x < 20; x++) {
            image[6 * 28 + x] = 1f;
            image[7 * 28 + x] = 1f;
        }
        for (int y = 6; y < 23; y++) {
            image[y * 28 + 18] = 1f;
            image[y * 28 + 19] = 0.6f;
        }
        return image;
    }

    @Test
    void aQuarterTurnMovesTheTopLeftPixelToTheTopRightAndFourTurnsAreTheIdentity() {
        float[] image = new float[28 * 28];
        image[0] = 1f;
        image[1] = 0.5f; // (1, 0)
        float[] once = QuarterTurnReading.quarterTurn(image);
        assertEquals(1f, once[27], "(0, 0) goes to (27, 0)");
        assertEquals(0.5f, once[28 + 27], "(1, 0) goes to (27, 1)");
        float[] hook = hook();
        float[] four = hook;
        for (int t = 0; t < 4; t++) {
            four = QuarterTurnReading.quarterTurn(four);
        }
        assertArrayEquals(hook, four);
        assertFalse(java.util.Arrays.equals(hook, QuarterTurnReading.quarterTurn(hook)));
    }

    @Test
    void onlyA28By28InputTurns() {
        assertEquals(28 * 28, QuarterTurnReading.quarterTurn(new float[28 * 28]).length);
        assertThrows(IllegalArgumentException.class, () -> QuarterTurnReading.quarterTurn(new float[28 * 28 - 1]));
        assertThrows(IllegalArgumentException.class, () -> QuarterTurnReading.quarterTurn(new float[28 * 28 + 1]));
    }

    @Test
    void theReadingOfAnImageAndOfItsQuarterTurnIsTheSame() {
        float[] hook = hook();
        float[] turned = QuarterTurnReading.quarterTurn(hook);
        float[][] plain = rotation.classify(new float[][] {hook, turned});
        assertNotEquals(plain[0][argMax(plain[0])], plain[1][argMax(plain[0])], 1e-3,
                "the model alone reads the two differently, or this test proves nothing");
        float[][] read = new QuarterTurnReading(rotation).classify(new float[][] {hook, turned});
        assertArrayEquals(read[0], read[1], 1e-5f);
        float sum = 0;
        for (float p : read[0]) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f);
    }

    @Test
    void readUprightAlongItsAxisAsWellAnImageAndItsQuarterTurnAreStillReadAlike() {
        float[] hook = hook();
        float[] turned = QuarterTurnReading.quarterTurn(hook);
        QuarterTurnReading withAxis = new QuarterTurnReading(rotation, true);
        float[][] read = withAxis.classify(new float[][] {hook, turned});
        assertArrayEquals(read[0], read[1], 1e-4f);
        float[] quarterTurnsOnly = new QuarterTurnReading(rotation).classify(new float[][] {hook})[0];
        assertNotEquals(quarterTurnsOnly[argMax(read[0])], read[0][argMax(read[0])], 1e-4,
                "the two upright readings count");
        float sum = 0;
        for (float p : read[0]) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f);
        assertTrue(withAxis.copy() instanceof QuarterTurnReading copy && copy.axisViews());
    }

    @Test
    void anAxisShareIsAShareAndOnlyForAModelReadAtAnyAngle() {
        assertEquals(0.5, withMixAndAxisShare("rot:0.6,rot-back-image:0.4", 0.5).axisShare());
        assertEquals(1, withMixAndAxisShare("rot:1", 1).axisShare());
        assertThrows(IllegalArgumentException.class, () -> withMixAndAxisShare("rot:1", 1.01));
        assertThrows(IllegalArgumentException.class, () -> withMixAndAxisShare("rot:1", -0.01));
        assertThrows(IllegalArgumentException.class, () -> withMixAndAxisShare("rot:0.5,clean:0.5", 0.5));
        assertEquals(0, withMix("rot:0.5,clean:0.5").axisShare(), "without one, none");
    }

    @Test
    void aModelTrainedOnRotatedImagesIsReadAtQuarterTurnsUnlessSwitchedOffAndAnUprightModelNever() throws Exception {
        assertTrue(rotation.metadata().parameters().rotatedOnly());
        Map<String, String> readOnce = Map.of(Engines.REREAD_BELOW.name(), "0");
        InferenceEngine served = Engines.open(Engines.DL4J, rotation, readOnce);
        assertInstanceOf(QuarterTurnReading.class, served);
        assertEquals(rotation.metadata().parameters().axisShare() > 0, ((QuarterTurnReading) served).axisViews(),
                "read upright along the axis as well if, and only if, trained so");
        assertEquals(rotation.version(), served.version());
        assertInstanceOf(QuarterTurnReading.class, served.copy());
        assertEquals(rotation, Engines.open(Engines.DL4J, rotation,
                Map.of(Engines.QUARTER_TURNS.name(), "false", Engines.REREAD_BELOW.name(), "0")));
        DigitModel upright = TestModels.shipped();
        assertEquals(upright, Engines.open(Engines.DL4J, upright, readOnce));
        // by default an unsure image is read again, at its quarter turns each time
        InferenceEngine reread = Engines.open(Engines.DL4J, rotation, Map.of());
        assertInstanceOf(QuarterTurnReading.class, ((RepeatedReading) reread).engine());
        assertEquals(rotation, RepeatedReading.innermost(reread));
    }

    @Test
    void onlyAMixOfRotatedFamiliesCountsAsRotated() {
        assertTrue(withMix("rot:0.6,rot-back-image:0.4").rotatedOnly());
        assertTrue(withMix("rot:1").rotatedOnly());
        assertFalse(withMix("rot:0.5,clean:0.5").rotatedOnly());
        assertFalse(withMix("clean:1").rotatedOnly());
        assertFalse(withMix("back-rand:0.5,back-image:0.5").rotatedOnly());
    }

    private static TrainingParameters withMix(String mix) {
        return new TrainingParameters(42, 1, 128, 1e-3, 1, 1e-4, 0.4, 5000, 0, true, 3, NetworkArchitecture.VGG, mix,
                null, 0, 0);
    }

    private static TrainingParameters withMixAndAxisShare(String mix, double axisShare) {
        return new TrainingParameters(42, 1, 128, 1e-3, 1, 1e-4, 0.4, 5000, 0, true, 3, NetworkArchitecture.VGG, mix,
                null, 0, 0, null, axisShare);
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
