package io.digitstream.lab.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/** Offsets per partition as a user writes them: {@code TOPIC:PARTITION:OFFSET,...} (topic names hold no colon). */
public final class PartitionOffsets {

    private PartitionOffsets() {
    }

    public static Map<TopicPartition, Long> parse(String spec) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return offsets;
        }
        for (String entry : spec.split(",")) {
            String[] parts = entry.strip().split(":");
            if (parts.length != 3 || parts[0].isBlank()) {
                throw new IllegalArgumentException("offset '" + entry.strip() + "' is not TOPIC:PARTITION:OFFSET");
            }
            int partition;
            long offset;
            try {
                partition = Integer.parseInt(parts[1].strip());
                offset = Long.parseLong(parts[2].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("offset '" + entry.strip() + "' is not TOPIC:PARTITION:OFFSET with"
                        + " whole numbers");
            }
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("offset '" + entry.strip() + "' has a negative partition or offset");
            }
            if (offsets.put(new TopicPartition(parts[0].strip(), partition), offset) != null) {
                throw new IllegalArgumentException("offsets name " + parts[0].strip() + ":" + partition + " twice");
            }
        }
        return offsets;
    }

    /** The inverse of {@link #parse}. */
    public static String format(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream()
                .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
