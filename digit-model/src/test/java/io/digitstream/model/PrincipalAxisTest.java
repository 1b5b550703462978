package io.digitstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrincipalAxisTest {

    private static final int SIDE = 28;

    /** A bar 16 px long and 3 px wide through (14, 14), drawn at {@code degrees} from the x axis (y down). */
    private static float[] bar(double degrees) {
        double angle = Math.toRadians(degrees);
        float[] image = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double along = (x - 14) * Math.cos(angle) + (y - 14) * Math.sin(angle);
                double across = -(x - 14) * Math.sin(angle) + (y - 14) * Math.cos(angle);
                if (Math.abs(along) <= 8 && Math.abs(across) <= 1.5) {
                    image[y * SIDE + x] = 1f;
                }
            }
        }
        return image;
    }

    /** The angle of the principal axis from the x axis, in degrees, in (-90, 90]. */
    private static double axisDegrees(float[] image) {
        double mass = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < image.length; i++) {
            mass += image[i];
            sx += image[i] * (i % SIDE);
            sy += image[i] * (i / SIDE);
        }
        double cx = sx / mass;
        double cy = sy / mass;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < image.length; i++) {
            double dx = i % SIDE - cx;
            double dy = i / SIDE - cy;
            xx += image[i] * dx * dx;
            yy += image[i] * dy * dy;
            xy += image[i] * dx * dy;
        }
        return Math.toDegrees(0.5 * Math.atan2(2 * xy, xx - yy));
    }

    private static double ink(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v;
        }
        return sum;
    }

    @Test
    void aBarAtAnyAngleComesOutVerticalWithItsInkKept() {
        for (double degrees : new double[] {0, 20, 45, 70, 110, 160}) {
            float[] bar = bar(degrees);
            assertEquals(degrees > 90 ? degrees - 180 : degrees, axisDegrees(bar), 3, "the bar drawn at " + degrees);
            float[] upright = PrincipalAxis.upright(bar);
            assertEquals(90, Math.abs(axisDegrees(upright)), 1, "upright from " + degrees);
            assertEquals(ink(bar), ink(upright), 0.05 * ink(bar), "the bar stays inside the frame");
            // its ink lies along the middle column, from row 6 to row 21
            assertTrue(upright[7 * SIDE + 14] + upright[7 * SIDE + 13] > 1, "the top of the bar, from " + degrees);
            assertTrue(upright[20 * SIDE + 14] + upright[20 * SIDE + 13] > 1, "its bottom, from " + degrees);
            assertTrue(upright[2 * SIDE + 13] + upright[25 * SIDE + 14] < 0.01, "nothing beyond its ends, from " + degrees);
            assertTrue(upright[14 * SIDE + 6] + upright[14 * SIDE + 21] < 0.01, "nothing beside it, from " + degrees);
        }
    }

    @Test
    void anImageAndItsQuarterTurnComeOutTheSameOrHalfTurnedFromEachOther() {
        float[] hook = bar(30);
        for (int x = 6; x < 14; x++) {
            hook[6 * SIDE + x] = 0.8f; // a flag, so that the half turn is another image
        }
        float[] upright = PrincipalAxis.upright(hook);
        float[] turned = PrincipalAxis.upright(QuarterTurnReading.quarterTurn(hook));
        float[] halfTurned = QuarterTurnReading.quarterTurn(QuarterTurnReading.quarterTurn(upright));
        assertTrue(close(upright, turned) || close(halfTurned, turned), "the same two poses either way");
        assertTrue(!close(upright, halfTurned), "the half turn differs, or this test proves nothing");
    }

    @Test
    void aBlankImageStaysBlankAndOnlyA28By28InputTurns() {
        assertArrayEquals(new float[SIDE * SIDE], PrincipalAxis.upright(new float[SIDE * SIDE]));
        assertThrows(IllegalArgumentException.class, () -> PrincipalAxis.upright(new float[SIDE * SIDE - 1]));
        assertThrows(IllegalArgumentException.class, () -> PrincipalAxis.upright(new float[SIDE * SIDE + 1]));
    }

    private static boolean close(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4) {
                return false;
            }
        }
        return true;
    }
}
