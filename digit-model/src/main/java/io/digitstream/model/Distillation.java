package io.digitstream.model;

/**
 * Training against a teacher's answers as well as the labels (Hinton et al. 2015, "Distilling the knowledge in a
 * neural network"): each training image's target is {@code (1 - weight)} of its one-hot label plus {@code weight} of
 * the teacher's probabilities for the same augmented image, softened by {@code temperature} (p^(1/T), renormalized,
 * which is the teacher's softmax at logits / T). A smaller network learns from which wrong digits the teacher
 * finds plausible, not only from the right one.
 *
 * @param teacher the teacher model's version and SHA-256, as the metadata records it (several models', joined by " + ")
 */
public record Distillation(String teacher, double weight, double temperature) {

    public Distillation {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("the distillation weight must be between 0 and 1, not " + weight);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the distillation temperature must be positive, not " + temperature);
        }
    }

    /** Writes the training target for {@code label} into {@code target} from the teacher's {@code probabilities}. */
    public void target(int label, float[] probabilities, float[] target, int offset) {
        double sum = 0;
        double[] softened = new double[probabilities.length];
        for (int c = 0; c < probabilities.length; c++) {
            softened[c] = Math.pow(Math.max(probabilities[c], 1e-30), 1 / temperature);
            sum += softened[c];
        }
        for (int c = 0; c < probabilities.length; c++) {
            double hard = c == label ? 1 : 0;
            target[offset + c] = (float) ((1 - weight) * hard + weight * softened[c] / sum);
        }
    }
}
