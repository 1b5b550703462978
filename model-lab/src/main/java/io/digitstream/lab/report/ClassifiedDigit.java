package io.digitstream.lab.report;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A labeled image, as it was submitted (any encoding and size), with what the model said about it.
 * The figures draw it with {@link DigitPictures}: the image beside the model input.
 */
public record ClassifiedDigit(DigitImage image, int label, int predicted, float confidence) {

    public String id() {
        return image.getId();
    }

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
            if (p.getLabel() != null && image != null) {
                digits.add(new ClassifiedDigit(image, p.getLabel(), p.getDigit(), p.getConfidence()));
            }
        }
        return digits;
    }
}
