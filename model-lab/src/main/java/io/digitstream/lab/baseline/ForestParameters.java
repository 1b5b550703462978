package io.digitstream.lab.baseline;

/**
 * Hyper-parameters of a random forest of CART trees.
 *
 * @param trees            number of trees
 * @param featuresPerSplit features drawn at random at each split (mtry)
 * @param maxDepth         deepest a tree may grow; 0 for no limit
 * @param minNodeSize      fewest training rows a child node may hold
 */
public record ForestParameters(int trees, int featuresPerSplit, int maxDepth, int minNodeSize) {

    public ForestParameters {
        if (trees < 1 || featuresPerSplit < 1 || maxDepth < 0 || minNodeSize < 1) {
            throw new IllegalArgumentException("invalid forest parameters: " + this);
        }
    }

    public ForestParameters withTrees(int count) {
        return new ForestParameters(count, featuresPerSplit, maxDepth, minNodeSize);
    }

    @Override
    public String toString() {
        return String.format("%d trees, mtry %d, max depth %s, min node size %d", trees, featuresPerSplit,
                maxDepth == 0 ? "unlimited" : Integer.toString(maxDepth), minNodeSize);
    }
}
