package io.digitstream.lab.baseline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The grid a randomized search draws from. Tree counts stop at 100 so that refitting the winner on all
 * 60,000 training images stays within minutes on two cores.
 */
public final class ForestSearchSpace {

    static final int[] TREES = {25, 50, 100};
    /** Around sqrt(784) = 28, the usual default for classification. */
    static final int[] FEATURES_PER_SPLIT = {14, 28, 56, 112};
    static final int[] MAX_DEPTH = {8, 12, 16, 24, 0};
    static final int[] MIN_NODE_SIZE = {1, 2, 5, 10};

    private ForestSearchSpace() {
    }

    /** {@code n} distinct candidates, the same ones for the same seed. */
    public static List<ForestParameters> sample(int n, long seed) {
        int size = TREES.length * FEATURES_PER_SPLIT.length * MAX_DEPTH.length * MIN_NODE_SIZE.length;
        if (n < 1 || n > size) {
            throw new IllegalArgumentException("the search space holds 1 to " + size + " candidates, not " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<ForestParameters> drawn = new LinkedHashSet<>();
        while (drawn.size() < n) {
            drawn.add(new ForestParameters(pick(TREES, random), pick(FEATURES_PER_SPLIT, random), pick(MAX_DEPTH, random),
                    pick(MIN_NODE_SIZE, random)));
        }
        return new ArrayList<>(drawn);
    }

    private static int pick(int[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }
}
