package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * One random stream per (seed, set, image index), so any subset of a set generates in any order, in parallel,
 * identically; sets that differ only by a margin share their stream through the same {@code stream} name.
 */
final class ImageSeeds {

    private ImageSeeds() {
    }

    static SplittableRandom forImage(long seed, String stream, int index) {
        // String.hashCode is specified by the JLS, so the streams are the same on every JVM.
        return new SplittableRandom(mix64(mix64(seed * 31 + stream.hashCode()) + index));
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer: neighbouring inputs diverge. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal deviate with StrictMath (Box-Muller), the same bits on every JVM. */
    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
