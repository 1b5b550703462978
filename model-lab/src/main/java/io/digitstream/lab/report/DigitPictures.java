package io.digitstream.lab.report;

import io.digitstream.model.image.GrayImage;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.MnistNormalizer;
import io.digitstream.model.image.RejectedImageException;
import io.digitstream.schemas.DigitImage;
import java.awt.image.BufferedImage;

/**
 * The two pictures a figure shows of an image, both made by the pipeline the evaluation ran: the image as
 * submitted, decoded as the stream decodes it (any size; colour as its gray luma; its own polarity), and the
 * 28x28 model input, drawn dark on light.
 */
final class DigitPictures {

    private final ImagePipeline pipeline;

    DigitPictures(ImagePipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Fitted into a {@code side} square (aspect ratio kept) by area averaging: an integer enlargement replicates
     * pixels, so a 28x28 digit shows exactly its own, and a large scan is shrunk without aliasing.
     */
    BufferedImage original(DigitImage image, int side) {
        GrayImage decoded;
        try {
            decoded = pipeline.decode(image);
        } catch (RejectedImageException e) {
            throw new IllegalStateException("image " + image.getId() + " was classified but does not decode: " + e.getMessage(), e);
        }
        double fit = (double) side / Math.max(decoded.width(), decoded.height());
        int w = Math.max(1, (int) Math.round(decoded.width() * fit));
        int h = Math.max(1, (int) Math.round(decoded.height() * fit));
        return Figures.rgb(new GrayImage(w, h, MnistNormalizer.resampleArea(decoded, 0, 0, decoded.width(), decoded.height(), w, h)));
    }

    /** The network's input has light ink on dark; inverted so it reads as pencil on paper. */
    BufferedImage modelInput(DigitImage image) {
        float[] input;
        try {
            input = pipeline.modelInput(image);
        } catch (RejectedImageException e) {
            throw new IllegalStateException("image " + image.getId() + " was classified but has no model input: " + e.getMessage(), e);
        }
        int side = MnistNormalizer.SIZE;
        float[] paper = new float[input.length];
        for (int i = 0; i < paper.length; i++) {
            paper[i] = 255f * (1 - input[i]);
        }
        return Figures.rgb(new GrayImage(side, side, paper));
    }
}
