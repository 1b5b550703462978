package io.digitstream.classifier.stream;

import io.digitstream.classifier.metrics.ClassificationListener;
import io.digitstream.classifier.metrics.LogBudget;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.Scores;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.RejectedImageException;
import io.digitstream.schemas.ComparedPrediction;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-record path of the service, from the bytes of an images-topic record to an {@link Outcome}:
 * deserialize, decode and validate, normalize, classify. Nothing escapes it as an exception: every
 * failure becomes a dead letter carrying the original bytes, the stage and the reason. The stream
 * processor and {@code evaluate} both run exactly this code. The engine of each image is chosen by its
 * source ({@link ModelRouter}: {@code digits.model.routes}, else the default model). Not thread-safe (it
 * owns engine copies).
 */
public final class RecordClassifier {

    private static final Logger log = LoggerFactory.getLogger(RecordClassifier.class);
    /** A failing challenger fails every batch: a few lines a minute say so, {@link LiveModels#challengerFailures} counts. */
    private static final LogBudget FAILURE_LOG = new LogBudget(5, System::currentTimeMillis);

    private final SingleObjectSerde<DigitImage> images = ContractSerdes.digitImage();
    private final ImagePipeline pipeline;
    /** The models to follow, or null when {@link #models} is fixed. */
    private final LiveModels live;
    private long generation;
    private ModelRouter models;
    /** This classifier's copy of the live challenger, or null. */
    private InferenceEngine challenger;
    private double canaryShare;
    private final Clock clock;
    private ClassificationListener listener = ClassificationListener.NONE;
    private RecordBudget budget = RecordBudget.DEFAULT;
    private ReviewPolicy review = ReviewPolicy.OFF;

    /** Every image classified by {@code engine}. */
    public RecordClassifier(ImagePipeline pipeline, InferenceEngine engine, Clock clock) {
        this(pipeline, ModelRouter.single(engine), clock);
    }

    /** Each image classified by the engine {@code models} routes its source to. */
    public RecordClassifier(ImagePipeline pipeline, ModelRouter models, Clock clock) {
        this.pipeline = pipeline;
        this.live = null;
        this.models = models;
        this.clock = clock;
    }

    /**
     * With this classifier's own copies of the {@code live} models, taken again whenever they change: a swap takes
     * effect between batches.
     */
    public RecordClassifier(ImagePipeline pipeline, LiveModels live, Clock clock) {
        this.pipeline = pipeline;
        this.live = live;
        this.clock = clock;
        followLiveModels();
    }

    /** Shows each prediction, with the model input it came from, to {@code listener} (live metrics' thumbnails). */
    public RecordClassifier withListener(ClassificationListener listener) {
        this.listener = listener;
        return this;
    }

    /** Holds every record to {@code budget} (by default, that of Kafka's default {@code max.request.size}). */
    public RecordClassifier withBudget(RecordBudget budget) {
        this.budget = budget;
        return this;
    }

    /** Adds a review request to each prediction under the review threshold ({@link ReviewPolicy}). */
    public RecordClassifier withReview(ReviewPolicy review) {
        this.review = review;
        return this;
    }

    /**
     * The dead letter of an input whose key or value exceeds the {@link RecordBudget}, or null when it fits:
     * checked before the input is buffered, so that its buffer entry always fits one Kafka record.
     */
    public Outcome refuseOverBudget(Input input) {
        String refusal = budget.refusal(input.key(), input.value());
        return refusal == null ? null : reject(input, null, FailureStage.VALIDATE, refusal);
    }

    /** The decoded pixels this input will cost ({@link ImagePipeline#decodedPixels}); 0 when it does not decode. */
    public long decodedPixels(Input input) {
        if (input.value() == null) {
            return 0;
        }
        try {
            return pipeline.decodedPixels(images.deserialize(input.origin().topic(), input.value()));
        } catch (RuntimeException e) { // an estimate: classifying it will tell what is wrong

            return 0;
        }
    }

    public Outcome classify(byte[] key, byte[] value, RecordOrigin origin) {
        return classifyAll(List.of(new Input(key, value, origin))).get(0);
    }

    /** One raw input record. */
    public record Input(byte[] key, byte[] value, RecordOrigin origin) {
    }

    /**
     * Classifies inputs with one call per engine (the valid inputs, grouped by the engine their source is
     * routed to; one call when every source goes to the same model), returning outcomes in input order.
     * An engine's failure dead-letters the valid records of its group rather than dropping them.
     */
    public List<Outcome> classifyAll(List<Input> inputs) {
        followLiveModels();
        Outcome[] outcomes = new Outcome[inputs.size()];
        float[][] modelInputs = new float[inputs.size()][];
        DigitImage[] images = new DigitImage[inputs.size()];
        Map<InferenceEngine, List<Integer>> groups = new IdentityHashMap<>();
        List<InferenceEngine> order = new ArrayList<>(2);
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            DigitImage image = null;
            try {
                Outcome refused = refuseOverBudget(input);
                if (refused != null) {
                    outcomes[i] = refused;
                    continue;
                }
                image = deserialize(input);
                validate(image);
                modelInputs[i] = pipeline.modelInput(image);
                images[i] = image;
                InferenceEngine engine = models.engineFor(image.getSource());
                groups.computeIfAbsent(engine, e -> {
                    order.add(e);
                    return new ArrayList<>();
                }).add(i);
            } catch (RejectedImageException e) {
                outcomes[i] = reject(input, image, e.stage(), e.getMessage());
            }
        }
        for (InferenceEngine engine : order) {
            List<Integer> group = groups.get(engine);
            try {
                float[][] batch = new float[group.size()][];
                for (int g = 0; g < group.size(); g++) {
                    batch[g] = modelInputs[group.get(g)];
                }
                float[][] probabilities = engine.classify(batch);
                long now = clock.millis();
                for (int g = 0; g < group.size(); g++) {
                    int i = group.get(g);
                    Prediction prediction = prediction(images[i], probabilities[g], engine.version(), now);
                    outcomes[i] = new Outcome.Classified(prediction, null,
                            review.request(images[i], prediction, probabilities[g], engine, budget));
                }
            } catch (RuntimeException e) {
                for (int i : group) {
                    outcomes[i] = reject(inputs.get(i), images[i], FailureStage.CLASSIFY,
                            "model failure: " + e + " (model " + engine.version() + ")");
                }
            }
        }
        if (challenger != null && groups.containsKey(models.defaultEngine())) {
            challenge(groups.get(models.defaultEngine()), outcomes, modelInputs, images);
        }
        for (int i = 0; i < outcomes.length; i++) { // outside the try: a listener cannot dead-letter a record
            if (outcomes[i] instanceof Outcome.Classified classified) {
                listener.classified(classified.prediction(), modelInputs[i]);
            }
        }
        return List.of(outcomes);
    }

    /**
     * Scores the images the default model classified with the challenger too, in one call, and pairs each image's two
     * predictions: under a canary, the images {@link CanarySelection} picks are answered by the challenger; every
     * other prediction goes to the shadow topic, so both models are compared on every image. The challenger
     * challenges the default model only: routed sources keep their models. Its failure is counted and leaves the
     * champion's outcomes as they are: it never dead-letters a record or stops the output.
     */
    private void challenge(List<Integer> group, Outcome[] outcomes, float[][] modelInputs, DigitImage[] images) {
        List<Integer> scored = group.stream().filter(i -> outcomes[i] instanceof Outcome.Classified).toList();
        if (scored.isEmpty()) {
            return;
        }
        Outcome[] paired = new Outcome[scored.size()];
        try {
            float[][] batch = new float[scored.size()][];
            for (int g = 0; g < batch.length; g++) {
                batch[g] = modelInputs[scored.get(g)];
            }
            float[][] probabilities = challenger.classify(batch);
            if (probabilities.length != batch.length) {
                throw new IllegalStateException(probabilities.length + " rows of probabilities for " + batch.length + " images");
            }
            long now = clock.millis();
            for (int g = 0; g < batch.length; g++) {
                int i = scored.get(g);
                Outcome.Classified championOutcome = (Outcome.Classified) outcomes[i];
                Prediction champion = championOutcome.prediction();
                Prediction challenged = prediction(images[i], probabilities[g], challenger.version(), now);
                Prediction championPaired = compared(champion, challenged, true);
                Prediction challengerPaired = compared(challenged, champion, false);
                // The review follows the output: a canary image is reviewed by the challenger's calibrated confidence.
                paired[g] = CanarySelection.challengerAnswers(images[i].getId(), canaryShare)
                        ? new Outcome.Classified(challengerPaired, championPaired,
                                review.request(images[i], challenged, probabilities[g], challenger, budget))
                        : new Outcome.Classified(championPaired, challengerPaired, championOutcome.review());
            }
        } catch (RuntimeException e) {
            live.challengerFailed();
            if (FAILURE_LOG.take() > 0) {
                log.warn("challenger {} failed on a batch of {} images; the champion's predictions are the output: {}",
                        challenger.version(), scored.size(), e.toString());
            }
            return;
        }
        for (int g = 0; g < paired.length; g++) {
            outcomes[scored.get(g)] = paired[g];
        }
    }

    /** {@code prediction}, naming {@code other} as the prediction it is compared with. */
    private static Prediction compared(Prediction prediction, Prediction other, boolean otherIsChallenger) {
        return Prediction.newBuilder(prediction).setCompared(ComparedPrediction.newBuilder()
                .setModelVersion(other.getModelVersion())
                .setDigit(other.getDigit())
                .setConfidence(other.getConfidence())
                .setChallenger(otherIsChallenger)
                .build()).build();
    }

    /** Takes copies of the live models when they changed since the last batch, and closes the copies they replace. */
    private void followLiveModels() {
        if (live == null) {
            return;
        }
        LiveModels.ModelSet set = live.current();
        if (models != null && set.generation() == generation) {
            return;
        }
        ModelRouter replaced = models;
        InferenceEngine replacedChallenger = challenger;
        models = set.champion().copy();
        challenger = set.challenger() == null ? null : set.challenger().engine().copy();
        canaryShare = set.challenger() == null ? 0 : set.challenger().canaryShare();
        generation = set.generation();
        if (replaced != null) {
            replaced.close();
        }
        if (replacedChallenger != null) {
            ModelRouter.single(replacedChallenger).close();
        }
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
        return image;
    }

    private static void validate(DigitImage image) throws RejectedImageException {
        if (image.getId() == null || image.getId().isBlank()) {
            throw new RejectedImageException(FailureStage.VALIDATE, "image has an empty id");
        }
        int idBytes = DeadLetterBounds.Utf8.length(image.getId());
        if (idBytes > RecordBudget.MAX_ID_BYTES) {
            throw new RejectedImageException(FailureStage.VALIDATE, "image id of " + idBytes + " bytes exceeds the limit of "
                    + RecordBudget.MAX_ID_BYTES + " bytes");
        }
        int sourceBytes = DeadLetterBounds.Utf8.length(image.getSource());
        if (sourceBytes > RecordBudget.MAX_SOURCE_BYTES) {
            throw new RejectedImageException(FailureStage.VALIDATE, "source of " + sourceBytes + " bytes exceeds the limit of "
                    + RecordBudget.MAX_SOURCE_BYTES + " bytes");
        }
        if (image.getLabel() != null && (image.getLabel() < 0 || image.getLabel() > 9)) {
            throw new RejectedImageException(FailureStage.VALIDATE, "label " + image.getLabel() + " is not a digit 0..9");
        }
    }

    private Prediction prediction(DigitImage image, float[] probabilities, String modelVersion, long now) {
        int digit = Scores.argmax(probabilities);
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
                .setModelVersion(modelVersion)
                .setCaptureTime(image.getCaptureTime())
                .setClassificationTime(java.time.Instant.ofEpochMilli(now))
                .setLabel(image.getLabel())
                .build();
    }

    private Outcome reject(Input input, DigitImage image, FailureStage stage, String reason) {
        // The image's id when it has one, else the key's; a key of invalid UTF-8 grows up to 3x when decoded, so
        // the id is cut to its limit after decoding.
        String id = image != null && image.getId() != null && !image.getId().isBlank() ? image.getId()
                : input.key() == null ? null : new String(input.key(), StandardCharsets.UTF_8);
        DeadLetterBounds.Originals originals = DeadLetterBounds.fit(input.key(), input.value(), budget);
        return new Outcome.Rejected(DeadLetter.newBuilder()
                .setImageId(DeadLetterBounds.imageId(id))
                .setOriginalKey(originals.key())
                .setOriginalValue(originals.value())
                .setStage(stage)
                .setReason(DeadLetterBounds.reason(reason, DeadLetterBounds.imageIdNote(id) + originals.note()))
                .setTopic(input.origin().topic())
                .setPartition(input.origin().partition())
                .setOffset(input.origin().offset())
                .setTime(java.time.Instant.ofEpochMilli(clock.millis()))
                .build());
    }
}
