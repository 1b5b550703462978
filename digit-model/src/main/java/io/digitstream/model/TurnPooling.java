package io.digitstream.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Folds the four quarter-turn readings that {@link QuarterTurnStack} made of each image into one: every feature
 * is the largest of its four values (transformation-invariant pooling, Laptev et al. 2016), so the output is the
 * same whichever quarter turn the image arrived at, and the network learns to answer from the turn that shows the
 * digit best.
 */
public final class TurnPooling extends BaseInputPreProcessor {

    /** The last batch's four readings, for the gradient: it flows to the reading that gave each maximum. */
    private transient INDArray readings;
    private transient INDArray pooled;

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long batch = input.size(0) / QuarterTurnStack.TURNS;
        INDArray byTurn = input.reshape('c', QuarterTurnStack.TURNS, batch, input.size(1));
        INDArray max = byTurn.max(0);
        readings = byTurn.detach();
        pooled = max.detach();
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, max);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long batch = output.size(0);
        INDArray gradient = readings.like();
        for (int t = 0; t < QuarterTurnStack.TURNS; t++) {
            INDArray reading = readings.slice(t);
            INDArray chosen = reading.eq(pooled).castTo(output.dataType());
            gradient.slice(t).assign(chosen.muli(output));
        }
        INDArray flat = gradient.reshape('c', QuarterTurnStack.TURNS * batch, output.size(1));
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, flat);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return inputType;
    }

    @Override
    public TurnPooling clone() {
        return new TurnPooling();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TurnPooling;
    }

    @Override
    public int hashCode() {
        return TurnPooling.class.hashCode();
    }
}
