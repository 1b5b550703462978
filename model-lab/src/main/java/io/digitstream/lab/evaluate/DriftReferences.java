package io.digitstream.lab.evaluate;

import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.metrics.DriftReference;
import io.digitstream.metrics.PredictionHistogram;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.Preprocessing;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A model's drift reference: its predictions on held-out images, classified through the stream's own per-record
 * path ({@link Evaluation}: serialized record, decode, denoise and normalize, the engine the stream runs), counted
 * as a {@link PredictionHistogram}. Every image goes to this model, whatever its source: routing is the service's.
 * The same model, images and engine give the same reference.
 */
public final class DriftReferences {

    /** The held-out set: MNIST's test set, which no model trains on, the set {@code evaluate} reports. */
    public static final String DEFAULT_DATASET = "mnist-test";

    private DriftReferences() {
    }

    public static DriftReference compute(DigitModel model, String engine, String dataset, List<DigitImage> images)
            throws IOException {
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.DEFAULT, Preprocessing.DENOISE);
        ModelRouter single = ModelRouter.single(Engines.open(engine, model, Map.of()));
        Evaluation evaluation = new Evaluation(new RecordClassifier(pipeline, single, Clock.systemUTC()));
        evaluation.addAll(images);
        PredictionHistogram histogram = new PredictionHistogram();
        for (Prediction p : evaluation.predictions()) {
            histogram.add(p.getDigit(), p.getConfidence());
        }
        return DriftReference.of(dataset, Engines.resolve(engine), histogram);
    }

    /** Computes the reference and writes it into the model's metadata JSON; the model file is not touched. */
    public static DriftReference update(Path modelFile, DigitModel model, String engine, String dataset,
            List<DigitImage> images) throws IOException {
        DriftReference reference = compute(model, engine, dataset, images);
        model.metadata().withDriftReference(reference).write(modelFile);
        return reference;
    }

    /**
     * The reference that {@code train} and {@code soup} give a model they write, as {@code evaluate --drift-reference}
     * computes it: on all of {@link #DEFAULT_DATASET}, on the engine the stream runs by default.
     */
    public static DriftReference updateDefault(Path modelFile, DigitModel model, MnistFetcher fetcher) throws IOException {
        return update(modelFile, model, ServiceConfig.ENGINE.defaultValue(), DEFAULT_DATASET,
                Datasets.load(DEFAULT_DATASET, fetcher, 0));
    }
}
