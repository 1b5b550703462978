package io.digitstream.lab.report;

import io.digitstream.lab.evaluate.Datasets;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.image.DenoiseStage;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.RejectedImageException;
import io.digitstream.schemas.DigitImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample images of clean MNIST and of every synthetic variant, and of the evaluated dataset when it is none of
 * those, traced through the stream's preprocessing.
 */
public final class StageSamples {

    public static final List<String> DATASETS = List.of("mnist-test", "back-rand", "back-image", "rot", "rot-back-image", "notebook");

    public static final String FILE = "stages.png";

    private StageSamples() {
    }

    public static void write(MnistFetcher fetcher, int perDataset, java.nio.file.Path file) throws IOException {
        write(fetcher, perDataset, file, List.of());
    }

    /**
     * @param evaluated images of a dataset that is not one of {@link #DATASETS} (or none): its first {@code perDataset}
     *                that decode are traced too (one the stream rejects has no steps to show)
     */
    public static void write(MnistFetcher fetcher, int perDataset, java.nio.file.Path file, List<DigitImage> evaluated)
            throws IOException {
        Figures.writePng(render(fetcher, perDataset, evaluated), file);
    }

    public static BufferedImage render(MnistFetcher fetcher, int perDataset) throws IOException {
        return render(fetcher, perDataset, List.of());
    }

    private static BufferedImage render(MnistFetcher fetcher, int perDataset, List<DigitImage> evaluated) throws IOException {
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        List<List<DenoiseStage.Step>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String dataset : DATASETS) {
            List<DigitImage> images = Datasets.load(dataset, fetcher, perDataset);
            for (DigitImage image : images) {
                try {
                    rows.add(DenoiseStage.trace(pipeline.decode(image)));
                    labels.add(caption(image));
                } catch (RejectedImageException e) {
                    throw new IOException("sample " + image.getId() + " rejected: " + e.getMessage(), e);
                }
            }
        }
        int traced = 0;
        for (int i = 0; i < evaluated.size() && traced < perDataset; i++) {
            DigitImage image = evaluated.get(i);
            try {
                rows.add(DenoiseStage.trace(pipeline.decode(image)));
                labels.add(caption(image));
                traced++;
            } catch (RejectedImageException e) {
                // a dead letter of the evaluation; the next image may decode
            }
        }
        return StageFigure.render("The stream's preprocessing, step by step",
                rows, labels);
    }

    private static String caption(DigitImage image) {
        return image.getId() + " (" + image.getWidth() + "x" + image.getHeight() + " " + image.getEncoding() + ", label "
                + image.getLabel() + ")";
    }
}
