package io.digitstream.model;

import java.util.List;
import java.util.Map;

/**
 * The labeled images a model was fine-tuned from, as read from Kafka ({@code train --from-kafka}): where (the
 * bootstrap servers, never credentials), which offsets of which topics, what was read and what was left out, by
 * reason. Offsets are half-open, {@code [startOffset, endOffset)}, so the same ranges read again give the same
 * snapshot while the topics still hold them. {@code startingModelAccuracy} is that of the model fine-tuning started
 * from, on all labeled images of the snapshot.
 */
public record StreamSnapshot(
        String bootstrapServers,
        String imagesTopic,
        String labelsTopic,
        List<PartitionRange> partitions,
        long imageRecords,
        long labelEvents,
        long labeled,
        long labeledByEvent,
        long correctedByEvent,
        long unlabeled,
        Map<String, Long> skipped,
        String labelRule,
        double startingModelAccuracy,
        int trainImages,
        int validationImages,
        int mnistImages) {

    public record PartitionRange(String topic, int partition, long startOffset, long endOffset) {
    }
}
