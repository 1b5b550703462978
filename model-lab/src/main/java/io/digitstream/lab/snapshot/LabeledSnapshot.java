package io.digitstream.lab.snapshot;

import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.StreamSnapshot;
import io.digitstream.model.StreamSnapshot.PartitionRange;
import java.util.List;
import java.util.Map;

/**
 * The labeled images of a range of the images and labels topics, each normalized by the stream's own pipeline,
 * with the count of what was read and of what was left out, by reason.
 *
 * @param images the labeled images, one per image id, in the order read
 * @param imageRecords records read from the images topic (good or bad)
 * @param labelEvents records read from the labels topic (good or bad)
 * @param labeledByEvent images whose label came from a label event
 * @param correctedByEvent of those, images whose own label field said something else
 * @param unlabeled images with neither a label event nor a label of their own
 * @param skipped records (and duplicate images) left out, by reason
 * @param startingModelCorrect labeled images the model the reader classified with got right
 */
public record LabeledSnapshot(List<LabeledImage> images, List<PartitionRange> ranges, long imageRecords,
        long labelEvents, long labeledByEvent, long correctedByEvent, long unlabeled, Map<String, Long> skipped,
        long startingModelCorrect) {

    /**
     * @param imageLabel the image's own {@code label} field, null when it had none
     * @param modelInput what the stream feeds the model for this image
     */
    public record LabeledImage(String id, int label, Integer imageLabel, boolean fromEvent, float[] modelInput) {
    }

    public LabeledSnapshot {
        images = List.copyOf(images);
        ranges = List.copyOf(ranges);
        skipped = Map.copyOf(skipped);
    }

    /** The accuracy on these images of the model the reader classified with (NaN without images). */
    public double startingModelAccuracy() {
        return images.isEmpty() ? Double.NaN : (double) startingModelCorrect / images.size();
    }

    public NormalizedDataset dataset() {
        return new NormalizedDataset(images.stream().map(LabeledImage::modelInput).toArray(float[][]::new),
                images.stream().mapToInt(LabeledImage::label).toArray());
    }

    /** For the model's metadata, with how the labeled images were used. */
    public StreamSnapshot describe(String bootstrapServers, String imagesTopic, String labelsTopic, int trainImages,
            int validationImages, int mnistImages) {
        return new StreamSnapshot(bootstrapServers, imagesTopic, labelsTopic, ranges, imageRecords, labelEvents,
                images.size(), labeledByEvent, correctedByEvent, unlabeled, new java.util.TreeMap<>(skipped),
                SnapshotReader.LABEL_RULE, startingModelAccuracy(), trainImages, validationImages, mnistImages);
    }
}
