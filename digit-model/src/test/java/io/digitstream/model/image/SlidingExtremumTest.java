package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlidingExtremumTest {

    /** The square window around (x, y), cut at the edges, by brute force. */
    private static float bruteForce(float[] p, int w, int h, int x, int y, int reach, boolean max) {
        float best = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        for (int yy = Math.max(0, y - reach); yy <= Math.min(h - 1, y + reach); yy++) {
            for (int xx = Math.max(0, x - reach); xx <= Math.min(w - 1, x + reach); xx++) {
                best = max ? Math.max(best, p[yy * w + xx]) : Math.min(best, p[yy * w + xx]);
            }
        }
        return best;
    }

    @Test
    void minimumAndMaximumEqualTheBruteForceOnes() {
        SplittableRandom random = new SplittableRandom(3);
        int[][] sizes = {{1, 1}, {5, 3}, {3, 9}, {17, 11}, {32, 32}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            float[] p = new float[w * h];
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextInt(8) * 30f; // ties on purpose
            }
            for (int reach = 0; reach <= 20; reach++) { // up to windows wider than the image
                for (boolean max : new boolean[] {false, true}) {
                    float[] out = SlidingExtremum.filter(p, w, h, reach, max);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            assertThat(out[y * w + x]).as("%dx%d reach %d max %s at %d,%d", w, h, reach, max, x, y)
                                    .isEqualTo(bruteForce(p, w, h, x, y, reach, max));
                        }
                    }
                }
            }
        }
    }

    @Test
    void anOpeningRemovesWhatIsNarrowerThanItsSquareAndKeepsWhatIsBroader() {
        int w = 40;
        int h = 40;
        float[] p = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean narrowBar = x >= 5 && x < 9; // 4 px wide
                boolean broadBlock = x >= 20 && x < 34 && y >= 10 && y < 30; // 14 x 20 px
                p[y * w + x] = narrowBar ? 200f : broadBlock ? 100f : 0f;
            }
        }
        float[] open = SlidingExtremum.opening(p, w, h, 3); // a 7 x 7 square
        assertThat(open[20 * w + 6]).isZero();
        assertThat(open[20 * w + 27]).isEqualTo(100f);
        assertThat(open[10 * w + 20]).isEqualTo(100f); // the block's corner too: an opening keeps square corners
    }
}
