package io.digitstream.lab.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    @Test
    void parsesWhatItFormats() {
        Map<TopicPartition, Long> offsets = PartitionOffsets.parse("digit-images:0:120, digit-images:1:7,digit-labels:0:0");
        assertThat(offsets).containsExactly(Map.entry(new TopicPartition("digit-images", 0), 120L),
                Map.entry(new TopicPartition("digit-images", 1), 7L), Map.entry(new TopicPartition("digit-labels", 0), 0L));
        assertThat(PartitionOffsets.format(offsets)).isEqualTo("digit-images:0:120,digit-images:1:7,digit-labels:0:0");
        assertThat(PartitionOffsets.parse(null)).isEmpty();
    }

    @Test
    void refusesMalformedEntries() {
        assertThatThrownBy(() -> PartitionOffsets.parse("digit-images:0")).hasMessageContaining("is not TOPIC:PARTITION:OFFSET");
        assertThatThrownBy(() -> PartitionOffsets.parse("digit-images:x:1")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> PartitionOffsets.parse("digit-images:0:-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> PartitionOffsets.parse("a:0:1,a:0:2")).hasMessageContaining("name a:0 twice");
    }
}
