package io.digitstream.lab.evaluate;

import io.digitstream.classifier.stream.Outcome;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.classifier.stream.RecordOrigin;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies labeled images offline through the stream's own per-record code: each image is
 * serialized as a producer would publish it and handed to {@link RecordClassifier} as raw bytes.
 */
public final class Evaluation {

    private static final int BATCH = 256;

    private final RecordClassifier classifier;
    private final SingleObjectSerde<DigitImage> serde = ContractSerdes.digitImage();
    private final ConfusionMatrix confusion = new ConfusionMatrix();
    private final List<Prediction> predictions = new ArrayList<>();
    private final List<Outcome.Rejected> rejected = new ArrayList<>();
    private final long[] rejectedByLabel = new long[ConfusionMatrix.CLASSES];
    private long unlabeled;

    public Evaluation(RecordClassifier classifier) {
        this.classifier = classifier;
    }

    public void addAll(List<DigitImage> images) {
        for (int from = 0; from < images.size(); from += BATCH) {
            List<RecordClassifier.Input> batch = new ArrayList<>(BATCH);
            Map<String, Integer> labels = new HashMap<>(2 * BATCH);
            for (DigitImage image : images.subList(from, Math.min(images.size(), from + BATCH))) {
                batch.add(new RecordClassifier.Input(image.getId().getBytes(StandardCharsets.UTF_8),
                        serde.serialize("evaluate", image), RecordOrigin.UNKNOWN));
                if (image.getLabel() != null) {
                    labels.put(image.getId(), image.getLabel());
                }
            }
            for (Outcome outcome : classifier.classifyAll(batch)) {
                record(outcome, labels);
            }
        }
    }

    private void record(Outcome outcome, Map<String, Integer> labels) {
        if (outcome instanceof Outcome.Classified classified) {
            Prediction p = classified.prediction();
            predictions.add(p);
            if (p.getLabel() == null) {
                unlabeled++;
            } else {
                confusion.add(p.getLabel(), p.getDigit());
            }
        } else {
            rejected.add((Outcome.Rejected) outcome);
            // a dead letter carries no label, so its image's label says which digit was missed
            Integer label = labels.get(outcome.imageId());
            if (label != null && label >= 0 && label < ConfusionMatrix.CLASSES) {
                rejectedByLabel[label]++;
            }
        }
    }

    public ConfusionMatrix confusion() {
        return confusion;
    }

    public List<Prediction> predictions() {
        return predictions;
    }

    public List<Outcome.Rejected> rejected() {
        return rejected;
    }

    /** Dead letters per true digit, for recall that counts a dead-lettered image as missed. */
    public long[] rejectedByLabel() {
        return rejectedByLabel.clone();
    }

    public long unlabeled() {
        return unlabeled;
    }
}
