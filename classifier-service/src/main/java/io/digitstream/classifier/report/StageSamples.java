package io.digitstream.classifier.report;

import io.digitstream.classifier.evaluate.Datasets;
import io.digitstream.classifier.image.DenoiseStage;
import io.digitstream.classifier.image.ImagePipeline;
import io.digitstream.classifier.image.RejectedImageException;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.schemas.DigitImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Sample images of clean MNIST and of every synthetic variant, traced through the stream's preprocessing. */
public final class StageSamples {

    public static final List<String> DATASETS = List.of("mnist-test", "back-rand", "back-image", "rot", "rot-back-image", "notebook");

    public static final String FILE = "stages.png";

    private StageSamples() {
    }

    public static void write(MnistFetcher fetcher, int perDataset, java.nio.file.Path file) throws IOException {
        Figures.writePng(render(fetcher, perDataset), file);
    }

    public static BufferedImage render(MnistFetcher fetcher, int perDataset) throws IOException {
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        List<List<DenoiseStage.Step>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String dataset : DATASETS) {
            List<DigitImage> images = Datasets.load(dataset, fetcher, perDataset);
            for (DigitImage image : images) {
                try {
                    rows.add(DenoiseStage.trace(pipeline.decode(image)));
                    labels.add(image.getId() + " (" + image.getWidth() + "x" + image.getHeight() + " "
                            + image.getEncoding() + ", label " + image.getLabel() + ")");
                } catch (RejectedImageException e) {
                    throw new IOException("sample " + image.getId() + " rejected: " + e.getMessage(), e);
                }
            }
        }
        return StageFigure.render("The stream's preprocessing, step by step",
                rows, labels);
    }
}
