package io.digitstream.model;

import io.digitstream.idx.LabeledImages;
import io.digitstream.model.image.GrayImage;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.RejectedImageException;
import java.util.ArrayList;
import java.util.List;

/** Labeled images after the stream's own normalization: what the model sees in production. */
public record NormalizedDataset(float[][] inputs, int[] labels) {

    public static NormalizedDataset of(LabeledImages images) {
        List<float[]> inputs = new ArrayList<>(images.count());
        List<Integer> labels = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            try {
                inputs.add(ImagePipeline.normalize(GrayImage.ofGray8(images.width(), images.height(), images.image(i), 0)));
                labels.add(images.label(i));
            } catch (RejectedImageException e) {
                // A blank training image teaches nothing; the stream would dead-letter it too.
            }
        }
        return new NormalizedDataset(inputs.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    public int size() {
        return labels.length;
    }

    public NormalizedDataset slice(int from, int to) {
        return new NormalizedDataset(java.util.Arrays.copyOfRange(inputs, from, to), java.util.Arrays.copyOfRange(labels, from, to));
    }

    /** These images followed by {@code more}. */
    public NormalizedDataset plus(NormalizedDataset more) {
        float[][] allInputs = java.util.Arrays.copyOf(inputs, size() + more.size());
        System.arraycopy(more.inputs, 0, allInputs, size(), more.size());
        int[] allLabels = java.util.Arrays.copyOf(labels, size() + more.size());
        System.arraycopy(more.labels, 0, allLabels, size(), more.size());
        return new NormalizedDataset(allInputs, allLabels);
    }
}
