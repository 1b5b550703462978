package io.digitstream.model;

/** Reading a row of class scores, such as the probabilities {@link InferenceEngine#classify} returns. */
public final class Scores {

    private Scores() {
    }

    /** The index of the highest score: the digit a row of probabilities predicts. A tie goes to the lower index. */
    public static int argmax(float[] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores");
        }
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
