package io.digitstream.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads each image with every one of several models and combines their readings ({@link Readings#geometricMean}).
 * Networks trained apart (another seed, another start) err on partly different images, so their combined reading
 * tends to err less than each. It serves as a distillation teacher ({@code train --teacher A.zip,B.zip}): the student
 * learns the ensemble's answers and is served at the cost of one network.
 */
public final class ModelEnsemble implements InferenceEngine {

    private final List<InferenceEngine> members;

    /** Combines {@code members}, at least two. */
    public ModelEnsemble(List<? extends InferenceEngine> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two models, not " + members.size());
        }
        this.members = List.copyOf(members);
    }

    @Override
    public float[][] classify(float[][] inputs) {
        float[][][] byMember = new float[members.size()][][];
        for (int m = 0; m < members.size(); m++) {
            byMember[m] = members.get(m).classify(inputs);
        }
        float[][] combined = new float[inputs.length][];
        float[][] readings = new float[members.size()][];
        for (int i = 0; i < inputs.length; i++) {
            for (int m = 0; m < members.size(); m++) {
                readings[m] = byMember[m][i];
            }
            combined[i] = Readings.geometricMean(readings, 0, readings.length);
        }
        return combined;
    }

    @Override
    public InferenceEngine copy() {
        return new ModelEnsemble(members.stream().map(InferenceEngine::copy).toList());
    }

    /** The members' versions joined by {@code +}. */
    @Override
    public String version() {
        return members.stream().map(InferenceEngine::version).collect(Collectors.joining("+"));
    }
}
