package io.digitstream.synthetic;

import java.util.SplittableRandom;

/**
 * One random stream per generated image, derived from the run's seed and the image's index only, so images are
 * independent of each other and of generation order: any subset can be generated in parallel, or again later, and
 * comes out identical.
 */
final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    static SplittableRandom forImage(long seed, int index) {
        return new SplittableRandom(mix64(seed * GOLDEN_GAMMA + mix64(index + GOLDEN_GAMMA)));
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer (as SplittableRandom uses): neighbouring inputs diverge. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A standard normal deviate by Box-Muller with {@link StrictMath}, so that the bytes generated for a seed are the
     * same on every JVM and CPU (Math's intrinsics may differ in the last bit).
     */
    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log stays finite
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Uniform in [low, high). */
    static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
