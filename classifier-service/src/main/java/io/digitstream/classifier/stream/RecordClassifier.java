package io.digitstream.classifier.stream;

import io.digitstream.classifier.image.ImagePipeline;
import io.digitstream.classifier.image.RejectedImageException;
import io.digitstream.classifier.metrics.ClassificationListener;
import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.train.Trainer;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The per-record path of the service, from the bytes of an images-topic record to an {@link Outcome}:
 * deserialize, decode and validate, normalize, classify. Nothing escapes it as an exception: every
 * failure becomes a dead letter carrying the original bytes, the stage and the reason. The stream
 * processor and {@code evaluate} both run exactly this code. Not thread-safe (it owns a model copy).
 */
public final class RecordClassifier {

    private final SingleObjectSerde<DigitImage> images = ContractSerdes.digitImage();
    private final ImagePipeline pipeline;
    private final DigitModel model;
    private final Clock clock;
    private ClassificationListener listener = ClassificationListener.NONE;

    public RecordClassifier(ImagePipeline pipeline, DigitModel model, Clock clock) {
        this.pipeline = pipeline;
        this.model = model;
        this.clock = clock;
    }

    /** Shows each prediction, with the model input it came from, to {@code listener} (live metrics' thumbnails). */
    public RecordClassifier withListener(ClassificationListener listener) {
        this.listener = listener;
        return this;
    }

    public Outcome classify(byte[] key, byte[] value, RecordOrigin origin) {
        return classifyAll(List.of(new Input(key, value, origin))).get(0);
    }

    /** One raw input record. */
    public record Input(byte[] key, byte[] value, RecordOrigin origin) {
    }

    /**
     * Classifies inputs in one model call (the valid ones), returning outcomes in input order. A model
     * failure dead-letters the batch's valid records rather than dropping them.
     */
    public List<Outcome> classifyAll(List<Input> inputs) {
        Outcome[] outcomes = new Outcome[inputs.size()];
        List<Integer> valid = new ArrayList<>(inputs.size());
        List<DigitImage> validImages = new ArrayList<>(inputs.size());
        List<float[]> modelInputs = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            DigitImage image = null;
            try {
                image = deserialize(input);
                modelInputs.add(pipeline.modelInput(image));
                validImages.add(image);
                valid.add(i);
            } catch (RejectedImageException e) {
                outcomes[i] = reject(input, image, e.stage(), e.getMessage());
            }
        }
        if (!valid.isEmpty()) {
            try {
                float[][] probabilities = model.classify(modelInputs.toArray(float[][]::new));
                long now = clock.millis();
                for (int v = 0; v < valid.size(); v++) {
                    outcomes[valid.get(v)] = new Outcome.Classified(prediction(validImages.get(v), probabilities[v], now));
                }
            } catch (RuntimeException e) {
                for (int v = 0; v < valid.size(); v++) {
                    outcomes[valid.get(v)] = reject(inputs.get(valid.get(v)), validImages.get(v), FailureStage.CLASSIFY,
                            "model failure: " + e);
                }
            }
            for (int v = 0; v < valid.size(); v++) { // outside the try: a listener cannot dead-letter a record
                if (outcomes[valid.get(v)] instanceof Outcome.Classified classified) {
                    listener.classified(classified.prediction(), modelInputs.get(v));
                }
            }
        }
        return List.of(outcomes);
    }

    private DigitImage deserialize(Input input) throws RejectedImageException {
        if (input.value() == null) {
            throw new RejectedImageException(FailureStage.DESERIALIZE, "record has no value (tombstone)");
        }
        DigitImage image;
        try {
            image = images.deserialize(input.origin().topic(), input.value());
        } catch (SerializationException e) {
            throw new RejectedImageException(FailureStage.DESERIALIZE, e.getMessage(), e);
        }
        if (image.getId() == null || image.getId().isBlank()) {
            throw new RejectedImageException(FailureStage.VALIDATE, "image has an empty id");
        }
        if (image.getLabel() != null && (image.getLabel() < 0 || image.getLabel() > 9)) {
            throw new RejectedImageException(FailureStage.VALIDATE, "label " + image.getLabel() + " is not a digit 0..9");
        }
        return image;
    }

    private Prediction prediction(DigitImage image, float[] probabilities, long now) {
        int digit = Trainer.argmax(probabilities);
        List<Float> probabilityList = new ArrayList<>(probabilities.length);
        for (float p : probabilities) {
            probabilityList.add(p);
        }
        return Prediction.newBuilder()
                .setId(image.getId())
                .setSource(image.getSource())
                .setDigit(digit)
                .setConfidence(probabilities[digit])
                .setProbabilities(probabilityList)
                .setModelVersion(model.version())
                .setCaptureTime(image.getCaptureTime())
                .setClassificationTime(java.time.Instant.ofEpochMilli(now))
                .setLabel(image.getLabel())
                .build();
    }

    private Outcome reject(Input input, DigitImage image, FailureStage stage, String reason) {
        String id = image != null ? image.getId()
                : input.key() == null ? null : new String(input.key(), StandardCharsets.UTF_8);
        DeadLetterBounds.Originals originals = DeadLetterBounds.fit(input.key(), input.value(), id);
        return new Outcome.Rejected(DeadLetter.newBuilder()
                .setImageId(id)
                .setOriginalKey(originals.key())
                .setOriginalValue(originals.value())
                .setStage(stage)
                .setReason(DeadLetterBounds.reason(reason) + originals.note())
                .setTopic(input.origin().topic())
                .setPartition(input.origin().partition())
                .setOffset(input.origin().offset())
                .setTime(java.time.Instant.ofEpochMilli(clock.millis()))
                .build());
    }
}
