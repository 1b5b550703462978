package io.digitstream.classifier.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which images a canary answers with the challenger's prediction: those whose image id hashes (murmur2, as Kafka's
 * partitioner) below the canary share. A function of the id alone, so a batch replayed after a crash, on any
 * instance, chooses the same model for each image, and its output is the same.
 */
public final class CanarySelection {

    private CanarySelection() {
    }

    /** Whether the challenger's prediction is {@code imageId}'s output under {@code canaryShare} (0..1). */
    public static boolean challengerAnswers(String imageId, double canaryShare) {
        if (canaryShare <= 0) {
            return false;
        }
        if (canaryShare >= 1) {
            return true;
        }
        int hash = Utils.toPositive(Utils.murmur2(imageId.getBytes(StandardCharsets.UTF_8)));
        return hash / 2_147_483_648.0 < canaryShare; // hash / 2^31 is uniform in [0, 1)
    }
}
