package io.digitstream.lab.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of a network's parameters (Polyak averaging), updated after every
 * minibatch. The averaged weights sit in a flatter region than the last step's and classify a little
 * better; batch-norm running statistics are parameters in DL4J and are averaged with the rest.
 */
final class WeightAverage {

    private final double decay;
    private final INDArray average;
    private long updates;

    WeightAverage(INDArray initial, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("averaging decay must be in (0, 1), was " + decay);
        }
        this.decay = decay;
        this.average = initial.dup();
    }

    /** Folds the current parameters in; early on the decay is smaller so a fresh network's start fades fast. */
    void update(INDArray current) {
        updates++;
        double d = Math.min(decay, (1.0 + updates) / (10.0 + updates));
        average.muli(d).addi(current.mul(1 - d));
    }

    INDArray parameters() {
        return average;
    }
}
