package io.digitstream.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The input of a {@link NetworkArchitecture#TURN_POOLED} network: each image of a batch of {@code B} becomes four,
 * the image at its four quarter turns, stacked turn by turn ({@code [4B, 1, 28, 28]}: rows {@code t*B .. t*B+B-1}
 * are the batch turned {@code t} times clockwise). {@link TurnPooling} folds the four back into one before the
 * output layer. The network's weights are shared by the four readings, as they are in {@link QuarterTurnReading},
 * but here the combination is trained too.
 */
public final class QuarterTurnStack extends BaseInputPreProcessor {

    public static final int SIDE = 28;
    public static final int TURNS = 4;

    /** Column {@code o} of the image turned {@code t} times is column {@code TURN[t][o]} of the image. */
    private static final int[][] TURN = new int[TURNS][];
    /** The inverse permutations: where each column of the image goes at turn {@code t}. */
    private static final int[][] UNTURN = new int[TURNS][];

    static {
        // the turn QuarterTurnReading applies, read off an image whose every pixel holds its own index
        float[] indices = new float[SIDE * SIDE];
        for (int p = 0; p < indices.length; p++) {
            indices[p] = p;
        }
        float[] turnedIndices = QuarterTurnReading.quarterTurn(indices);
        int[] once = new int[SIDE * SIDE];
        for (int o = 0; o < once.length; o++) {
            once[o] = (int) turnedIndices[o];
        }
        for (int t = 0; t < TURNS; t++) {
            TURN[t] = new int[SIDE * SIDE];
            UNTURN[t] = new int[SIDE * SIDE];
            for (int o = 0; o < SIDE * SIDE; o++) {
                TURN[t][o] = t == 0 ? o : TURN[t - 1][once[o]];
            }
            for (int o = 0; o < SIDE * SIDE; o++) {
                UNTURN[t][TURN[t][o]] = o;
            }
        }
    }

    /** Column {@code o} of the image turned {@code t} times is column {@code turn(t)[o]} of the image. */
    public static int[] turn(int t) {
        return TURN[t].clone();
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray flat = input.reshape('c', input.size(0), (long) SIDE * SIDE);
        INDArray[] turned = new INDArray[TURNS];
        for (int t = 0; t < TURNS; t++) {
            turned[t] = t == 0 ? flat : flat.getColumns(TURN[t]);
        }
        INDArray stacked = Nd4j.concat(0, turned).reshape('c', TURNS * input.size(0), 1, SIDE, SIDE);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, stacked);
    }

    /** The gradient of an image is the sum of its four readings' gradients, each turned back. */
    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long batch = output.size(0) / TURNS;
        INDArray flat = output.reshape('c', output.size(0), (long) SIDE * SIDE);
        INDArray sum = null;
        for (int t = 0; t < TURNS; t++) {
            INDArray rows = flat.get(NDArrayIndex.interval(t * batch, (t + 1) * batch), NDArrayIndex.all());
            INDArray back = rows.getColumns(UNTURN[t]);
            sum = sum == null ? back : sum.addi(back);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, sum);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.convolutional(SIDE, SIDE, 1);
    }

    @Override
    public QuarterTurnStack clone() {
        return new QuarterTurnStack();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QuarterTurnStack;
    }

    @Override
    public int hashCode() {
        return QuarterTurnStack.class.hashCode();
    }
}
