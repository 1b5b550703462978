package io.digitstream.model;

/** Reading a model's output: one row of class scores per image. */
public final class Scores {

    private Scores() {
    }

    /** The predicted class: the index of the highest score, the first one on a tie. */
    public static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
