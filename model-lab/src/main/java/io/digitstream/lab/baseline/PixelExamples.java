package io.digitstream.lab.baseline;

import io.digitstream.idx.LabeledImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Raw MNIST pixels as Tribuo examples: one feature per pixel, ink scaled to [0, 1]. Background pixels
 * are left out, which Tribuo reads as 0, so an example holds about 150 features instead of 784.
 */
public final class PixelExamples {

    static final LabelFactory LABELS = new LabelFactory();

    private PixelExamples() {
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) with their labels. */
    public static List<Example<Label>> of(LabeledImages images, int from, int to) {
        String[] names = featureNames(images.width() * images.height());
        List<Example<Label>> examples = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            byte[] pixels = images.image(i);
            String[] present = new String[pixels.length];
            double[] values = new double[pixels.length];
            int size = 0;
            for (int p = 0; p < pixels.length; p++) {
                int ink = pixels[p] & 0xff;
                if (ink != 0) {
                    present[size] = names[p];
                    values[size++] = ink / 255.0;
                }
            }
            examples.add(new ArrayExample<>(new Label(Integer.toString(images.label(i))),
                    Arrays.copyOf(present, size), Arrays.copyOf(values, size)));
        }
        return examples;
    }

    public static MutableDataset<Label> dataset(List<Example<Label>> examples, String description) {
        return new MutableDataset<>(examples, new SimpleDataSourceProvenance(description, LABELS), LABELS);
    }

    public static int digit(Label label) {
        return Integer.parseInt(label.getLabel());
    }

    /** Zero-padded, so name order is pixel order (ArrayExample keeps its features sorted by name). */
    private static String[] featureNames(int count) {
        String[] names = new String[count];
        for (int p = 0; p < count; p++) {
            names[p] = String.format("px%03d", p);
        }
        return names;
    }
}
