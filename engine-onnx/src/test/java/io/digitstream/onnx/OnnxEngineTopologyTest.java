package io.digitstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.Scores;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The service's topology classifying through the ONNX engines ({@code digits.engine}), configured as {@code serve}
 * configures it: the default model and a routed one, both on ONNX Runtime.
 */
class OnnxEngineTopologyTest {

    @TempDir
    Path dir;

    private final LabeledImages fixture = MnistFixture.test500();

    private ServiceConfig config(String engine, String routes) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put(ServiceConfig.MODEL.name(), ModelLocator.defaultModelPath().toString());
        flags.put(ServiceConfig.ENGINE.name(), engine);
        flags.put(ServiceConfig.MODEL_ROUTES.name(), routes);
        flags.put(ServiceConfig.BATCH_SIZE.name(), "8");
        flags.put(MetricsConfig.ENABLED.name(), "false");
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "onnx-topology-test");
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    private List<Prediction> classify(ServiceConfig config, List<DigitImage> images) throws Exception {
        ModelRouter models = ClassifierService.loadModels(config);
        Properties props = new Properties();
        props.putAll(config.streams());
        try (TopologyTestDriver driver = new TopologyTestDriver(ClassifierService.topology(config, models), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(config.topics().images(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, Prediction> out = driver.createOutputTopic(config.topics().predictions(),
                    new StringDeserializer(), ContractSerdes.prediction().deserializer());
            for (DigitImage image : images) {
                in.pipeInput(image.getId().getBytes(), ContractSerdes.digitImage().serialize(config.topics().images(), image));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            return out.readValuesToList();
        }
    }

    @Test
    void theInt8EngineClassifiesTheStreamLikeDl4j() throws Exception {
        DigitModel dl4j = DigitModel.load(ModelLocator.defaultModelPath());
        List<DigitImage> images = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            images.add(DigitRecords.gray8(fixture, i, "i", "scanner-1", Instant.EPOCH, true));
        }

        List<Prediction> predictions = classify(config("onnx-int8", ""), images);

        assertThat(predictions).hasSize(100);
        assertThat(predictions).extracting(Prediction::getModelVersion).containsOnly(dl4j.version() + "-int8");
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        int same = 0;
        for (int i = 0; i < 100; i++) {
            int want = Scores.argmax(dl4j.classify(new float[][] {pipeline.modelInput(images.get(i))})[0]);
            same += predictions.get(i).getDigit() == want ? 1 : 0;
        }
        assertThat(same).as("int8 gives DL4J's digit").isGreaterThanOrEqualTo(98);
    }

    @Test
    void routedModelsRunOnTheConfiguredEngineToo() throws Exception {
        Path rot = dir.resolve("rot.zip");
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nIn(DigitModel.INPUTS)
                        .nOut(DigitModel.CLASSES).activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        ModelSerializer.writeModel(network, rot.toFile(), false);
        new ObjectMapper().readValue("{\"version\": \"rot-test\", \"modelSha256\": \"" + DigitModel.sha256(rot) + "\"}",
                ModelMetadata.class).write(rot);
        DigitModel rotDl4j = DigitModel.load(rot);
        DigitModel dl4j = DigitModel.load(ModelLocator.defaultModelPath());
        List<DigitImage> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(DigitRecords.gray8(fixture, i, "i", i % 2 == 0 ? "rot-1" : "scanner-1", Instant.EPOCH, true));
        }

        List<Prediction> predictions = classify(config("onnx", "rot*=" + rot), images);

        assertThat(predictions).hasSize(20);
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        for (int i = 0; i < 20; i++) {
            DigitModel routed = i % 2 == 0 ? rotDl4j : dl4j;
            assertThat(predictions.get(i).getModelVersion()).isEqualTo(routed.version());
            float[] own = TestModels.served(routed).classify(new float[][] {pipeline.modelInput(images.get(i))})[0];
            for (int d = 0; d < 10; d++) {
                assertThat((double) predictions.get(i).getProbabilities().get(d)).isCloseTo(own[d],
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }
}
