package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelRoute;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hot swap of the default model ({@link LiveModels#swapDefault}) while records are buffered: nothing is lost or
 * classified twice, predictions after the swap name the new version, each prediction is what the version it names
 * gives offline, and a routed source keeps its own model.
 */
class LiveModelsSwapTest {

    private static DigitModel shipped;
    private static DigitModel clean;
    private static Map<String, DigitModel> byVersion;

    private final LabeledImages fixture = MnistFixture.test500();

    @BeforeAll
    static void models() throws Exception {
        shipped = DigitModel.load(ModelLocator.defaultModelPath());
        clean = DigitModel.load(ModelLocator.defaultModelPath().resolveSibling("mnist-clean.zip"));
        byVersion = Map.of(shipped.version(), shipped, clean.version(), clean);
        assertThat(byVersion).as("two distinct versions").hasSize(2);
    }

    private static ServiceConfig config() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ServiceConfig.MODEL.name(), ModelLocator.defaultModelPath().toString());
        flags.put(ServiceConfig.BATCH_SIZE.name(), "8");
        flags.put(ServiceConfig.BATCH_MAX_DELAY_MS.name(), "50");
        flags.put(MetricsConfig.ENABLED.name(), "false");
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "swap-test");
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    @Test
    void aSwapBetweenBatchesLosesNothingAndEachPredictionIsItsNamedVersionsOwn() throws Exception {
        ServiceConfig config = config();
        ImagePipeline pipeline = new ImagePipeline(config.limits());
        // rot* stays on the shipped model through the swap of the default.
        LiveModels live = new LiveModels(ModelRouter.of(clean.copy(), Map.of(ModelRoute.parseAll("test",
                "rot*=" + ModelLocator.defaultModelPath()).get(0), shipped)));
        live.swapDefault(shipped, shipped.metadata());
        Properties props = new Properties();
        props.putAll(config.streams());
        Map<String, DigitImage> sent = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ClassifierService.topology(config, live), props)) {
            TestInputTopic<byte[], byte[]> images = driver.createInputTopic(config.topics().images(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, Prediction> predictions = driver.createOutputTopic(config.topics().predictions(),
                    new StringDeserializer(), ContractSerdes.prediction().deserializer());
            for (int i = 0; i < 60; i++) {
                if (i == 28) { // 4 records wait in the buffer: the batch they join is classified after the swap
                    assertThat(live.swapDefault(clean, clean.metadata()).generation()).isEqualTo(3);
                }
                String source = i % 5 == 0 ? "rot-scanner" : "scanner";
                DigitImage image = DigitRecords.gray8(fixture, i, "swap-", source, Instant.ofEpochMilli(1000 + i), true);
                sent.put(image.getId(), image);
                images.pipeInput(image.getId().getBytes(), ContractSerdes.digitImage().serialize("digit-images", image));
            }
            driver.advanceWallClockTime(Duration.ofMillis(100));

            List<Prediction> out = predictions.readValuesToList();
            assertThat(out).extracting(Prediction::getId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(sent.keySet());
            for (Prediction prediction : out) {
                int index = Integer.parseInt(prediction.getId().substring(prediction.getId().lastIndexOf('-') + 1));
                DigitModel named = byVersion.get(prediction.getModelVersion());
                assertThat(named).as("version of %s", prediction.getId()).isNotNull();
                if (prediction.getSource().startsWith("rot")) {
                    assertThat(named).as("routed source keeps its model").isSameAs(shipped);
                } else {
                    assertThat(named).as("default of image %d", index).isSameAs(index < 24 ? shipped : clean);
                }
                float[] offline = named.classify(new float[][] {pipeline.modelInput(sent.get(prediction.getId()))})[0];
                for (int d = 0; d < 10; d++) {
                    assertThat(prediction.getProbabilities().get(d)).isCloseTo(offline[d], within(1e-5f));
                }
            }
        }
    }
}
