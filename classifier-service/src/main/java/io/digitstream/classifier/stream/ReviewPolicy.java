package io.digitstream.classifier.stream;

import io.digitstream.classifier.review.ReviewConfig;
import io.digitstream.config.ConfigurationException;
import io.digitstream.model.InferenceEngine;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.ReviewRequest;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which predictions go to review: those whose calibrated confidence (the model's temperature scaling, from its
 * metadata) is under the threshold of the model that made them ({@link ReviewConfig}). The prediction itself is
 * published as always; the review request is an extra record, with the original image.
 */
public final class ReviewPolicy {

    private static final Logger log = LoggerFactory.getLogger(ReviewPolicy.class);

    /** Nothing is reviewed. */
    public static final ReviewPolicy OFF = new ReviewPolicy(null);

    private final ReviewConfig config;
    private final SingleObjectSerde<ReviewRequest> serde = ContractSerdes.reviewRequest();

    private ReviewPolicy(ReviewConfig config) {
        this.config = config;
    }

    /**
     * The policy of {@code config} for {@code engines}, checked now: each needs a threshold, so without
     * {@code digits.review.threshold} every model must be calibrated.
     *
     * @throws ConfigurationException naming a model that has no calibration to derive its threshold from
     */
    public static ReviewPolicy of(ReviewConfig config, List<InferenceEngine> engines) {
        if (!config.enabled()) {
            return OFF;
        }
        ReviewPolicy policy = new ReviewPolicy(config);
        for (InferenceEngine engine : engines) {
            if (config.threshold() == null && !engine.calibration().isCalibrated()) {
                throw new ConfigurationException("model " + engine.version() + " has no calibration to derive its review"
                        + " threshold from (" + ReviewConfig.TARGET_ERROR + "): fit one with `bin/digits evaluate --calibrate"
                        + " --model <file>`, or set " + ReviewConfig.THRESHOLD);
            }
            log.info("review: model {} (temperature {}) reviews predictions under a calibrated confidence of {}",
                    engine.version(), engine.calibration().temperature(), policy.threshold(engine));
        }
        return policy;
    }

    public boolean enabled() {
        return config != null;
    }

    /** The calibrated confidence under which {@code engine}'s predictions are reviewed. */
    public double threshold(InferenceEngine engine) {
        return config.threshold() != null ? config.threshold()
                : engine.calibration().thresholdFor(config.targetError()).threshold();
    }

    /**
     * The review request of a prediction under the threshold, or null: above it, with the review off, or when the
     * request would not fit one record of {@code budget} (logged; the prediction is still published).
     */
    ReviewRequest request(DigitImage image, Prediction prediction, float[] probabilities, InferenceEngine engine,
            RecordBudget budget) {
        if (config == null) {
            return null;
        }
        float confidence = engine.calibration().confidence(probabilities, prediction.getDigit());
        double threshold = threshold(engine);
        if (confidence >= threshold) {
            return null;
        }
        ReviewRequest request = ReviewRequest.newBuilder()
                .setId(image.getId())
                .setSource(image.getSource())
                .setWidth(image.getWidth())
                .setHeight(image.getHeight())
                .setEncoding(image.getEncoding().name())
                .setPixels(image.getPixels())
                .setDigit(prediction.getDigit())
                .setConfidence(confidence)
                .setRawConfidence(prediction.getConfidence())
                .setThreshold((float) threshold)
                .setModelVersion(prediction.getModelVersion())
                .setCaptureTime(prediction.getCaptureTime())
                .setClassificationTime(prediction.getClassificationTime())
                .build();
        int keyBytes = image.getId().getBytes(StandardCharsets.UTF_8).length;
        int valueBytes = serde.serialize(config.topic(), request).length;
        if (!budget.fits(keyBytes, valueBytes)) {
            log.warn("image {}: its review request of {} bytes does not fit one record of {} bytes; it is not reviewed",
                    image.getId(), keyBytes + valueBytes, budget.maxRecordBytes());
            return null;
        }
        return request;
    }
}
