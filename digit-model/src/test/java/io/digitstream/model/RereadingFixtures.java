package io.digitstream.model;

import java.util.ArrayList;
import java.util.List;

/** What the tests of rereading share: an engine that counts what it reads, and images it is unsure and sure of. */
final class RereadingFixtures {

    private RereadingFixtures() {
    }

    /**
     * The first image whose top probability in {@code once} is below {@code sure}, and the first at or above it; -1
     * where there is none.
     */
    static int[] firstUnsureAndSure(float[][] once, float sure) {
        int unsure = -1;
        int certain = -1;
        for (int i = 0; i < once.length; i++) {
            float top = once[i][Scores.argmax(once[i])];
            if (top < sure && unsure < 0) {
                unsure = i;
            } else if (top >= sure && certain < 0) {
                certain = i;
            }
        }
        return new int[] {unsure, certain};
    }

    /** Answers every image with the same top probability, and counts the images it is asked to read. */
    static final class Counting implements InferenceEngine, AutoCloseable {
        private final float top;
        int images;
        boolean closed;

        Counting(float top) {
            this.top = top;
        }

        @Override
        public float[][] classify(float[][] inputs) {
            images += inputs.length;
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                float[] p = new float[10];
                for (int c = 0; c < 10; c++) {
                    p[c] = c == 3 ? top : (1 - top) / 9;
                }
                out.add(p);
            }
            return out.toArray(float[][]::new);
        }

        @Override
        public InferenceEngine copy() {
            return new Counting(top);
        }

        @Override
        public String version() {
            return "counting";
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
