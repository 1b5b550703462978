package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.classifier.stream.BatchPolicy;
import io.digitstream.classifier.stream.InvalidTimestampFallback;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.LayeredConfig;
import io.digitstream.model.image.ImageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The per-record limits as the configuration derives them. */
class ServiceLimitsConfigTest {

    private static ServiceConfig config(Map<String, String> flags) {
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    @Test
    void byDefaultTheValueLimitComesFromKafkasDefaultMaxRequestSize() {
        ServiceConfig config = config(Map.of());
        assertThat(config.budget().maxRecordBytes()).isEqualTo(1_048_576);
        assertThat(config.budget().maxValueBytes()).isEqualTo(1_047_135);
        assertThat(config.limits().maxEncodedBytes()).as("digits.image.max.bytes defaults to it").isEqualTo(1_047_135);
        assertThat(config.limits().maxPixels()).isEqualTo(ImageLimits.DEFAULT_MAX_PIXELS);
        assertThat(config.batch().maxPixels()).isEqualTo(BatchPolicy.DEFAULT_MAX_PIXELS);
        assertThat(config.streams().getProperty(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG))
                .isEqualTo(InvalidTimestampFallback.class.getName());
    }

    @Test
    void theSmallerOfTheProducerAndChangelogLimitsWins() {
        assertThat(config(Map.of("max.request.size", "262144")).budget().maxValueBytes()).isEqualTo(262_144 - 128 - 289 - 1024);
        assertThat(config(Map.of("max.request.size", "262144", "producer.max.request.size", "131072")).budget().maxRecordBytes())
                .as("the Streams producer's own setting first").isEqualTo(131_072);
        assertThat(config(Map.of("max.request.size", "8388608")).budget().maxRecordBytes())
                .as("the broker's default max.message.bytes for the changelog").isEqualTo(1_048_588);
        assertThat(config(Map.of("max.request.size", "8388608", "topic.max.message.bytes", "4194304")).budget().maxRecordBytes())
                .isEqualTo(4_194_304);
    }

    @Test
    void theImageByteLimitCannotExceedTheValueLimit() {
        assertThat(config(Map.of(ServiceConfig.MAX_BYTES.name(), "16777216")).limits().maxEncodedBytes()).isEqualTo(1_047_135);
        assertThat(config(Map.of(ServiceConfig.MAX_BYTES.name(), "50000")).limits().maxEncodedBytes()).isEqualTo(50_000);
        assertThat(config(Map.of(ServiceConfig.MAX_PIXELS.name(), "250000", ServiceConfig.BATCH_MAX_PIXELS.name(), "1000000")))
                .satisfies(c -> assertThat(c.limits().maxPixels()).isEqualTo(250_000))
                .satisfies(c -> assertThat(c.batch().maxPixels()).isEqualTo(1_000_000));
    }

    @Test
    void limitsThatLeaveNoRoomForAnImageRefuseToStart() {
        assertThatThrownBy(() -> config(Map.of("max.request.size", "16383"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16384 bytes are needed");
        assertThat(config(Map.of("max.request.size", "16384")).budget().maxValueBytes()).isEqualTo(16_384 - 128 - 289 - 1024);
        assertThatThrownBy(() -> config(Map.of("max.request.size", "1MB"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.request.size must be a number of bytes");
        assertThatThrownBy(() -> config(Map.of(ServiceConfig.MAX_PIXELS.name(), "783"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 784");
    }

    @Test
    void aBatchNeedsADelayOfAtLeastOneMillisecondThePerRecordPathNone() {
        String size = ServiceConfig.BATCH_SIZE.name();
        String delay = ServiceConfig.BATCH_MAX_DELAY_MS.name();
        assertThatThrownBy(() -> config(Map.of(size, "2", delay, "0"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("digits.batch.max.delay.ms=0 is out of range: allowed at least 1 when digits.batch.size is above 1 (2)");
        assertThat(config(Map.of(size, "2", delay, "1")).batch().maxDelay()).isEqualTo(Duration.ofMillis(1));
        assertThat(config(Map.of(size, "1", delay, "0")).batch().perRecord()).isTrue();
        assertThatThrownBy(() -> config(Map.of(size, "0"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("digits.batch.size=0 is out of range: allowed at least 1");
        assertThat(config(Map.of(ServiceConfig.MAX_PIXELS.name(), "784")).limits().maxPixels()).isEqualTo(784);
    }
}
