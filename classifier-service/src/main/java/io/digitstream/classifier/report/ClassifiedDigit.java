package io.digitstream.classifier.report;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A labeled image with what the model said about it. The pixels are the dataset's own (GRAY8,
 * 0 = background), not the normalized network input, so a figure shows what a person submitted.
 */
public record ClassifiedDigit(String id, byte[] pixels, int width, int height, int label, int predicted, float confidence) {

    public boolean correct() {
        return label == predicted;
    }

    /**
     * Pairs predictions with the images they came from, in prediction order; predictions without a label
     * (nothing to be right or wrong about) are left out.
     */
    public static List<ClassifiedDigit> join(List<DigitImage> images, List<Prediction> predictions) {
        Map<String, DigitImage> byId = new HashMap<>(images.size() * 2);
        images.forEach(image -> byId.put(image.getId(), image));
        List<ClassifiedDigit> digits = new ArrayList<>(predictions.size());
        for (Prediction p : predictions) {
            DigitImage image = byId.get(p.getId());
            if (p.getLabel() == null || image == null) {
                continue;
            }
            if (image.getEncoding() != PixelEncoding.GRAY8) {
                throw new IllegalArgumentException("image " + image.getId() + " is " + image.getEncoding()
                        + "; the report draws GRAY8 dataset images");
            }
            ByteBuffer buffer = image.getPixels().duplicate();
            byte[] pixels = new byte[buffer.remaining()];
            buffer.get(pixels);
            digits.add(new ClassifiedDigit(p.getId(), pixels, image.getWidth(), image.getHeight(), p.getLabel(), p.getDigit(),
                    p.getConfidence()));
        }
        return digits;
    }
}
