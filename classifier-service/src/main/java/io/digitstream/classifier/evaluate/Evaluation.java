package io.digitstream.classifier.evaluate;

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
import java.util.List;

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
    private long unlabeled;

    public Evaluation(RecordClassifier classifier) {
        this.classifier = classifier;
    }

    public void addAll(List<DigitImage> images) {
        for (int from = 0; from < images.size(); from += BATCH) {
            List<RecordClassifier.Input> batch = new ArrayList<>(BATCH);
            for (DigitImage image : images.subList(from, Math.min(images.size(), from + BATCH))) {
                batch.add(new RecordClassifier.Input(image.getId().getBytes(StandardCharsets.UTF_8),
                        serde.serialize("evaluate", image), RecordOrigin.UNKNOWN));
            }
            classifier.classifyAll(batch).forEach(this::record);
        }
    }

    private void record(Outcome outcome) {
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

    public long unlabeled() {
        return unlabeled;
    }
}
