package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.DigitModel;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.ModelRoute;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.TestModels;
import io.digitstream.model.TestNetworks;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-source model selection ({@code digits.model.routes}): each image is classified by the model its source is
 * routed to, in one model call per model even when a micro-batch mixes sources; an unmatched source uses
 * {@code digits.model}. The three models here give different outputs (the shipped CNN and two untrained softmax
 * layers with different weights), so each prediction's version and probabilities show which model made it.
 */
class ModelRoutingTest {

    @TempDir
    static Path dir;

    private static Path rotModel;
    private static Path scannerModel;
    private static Map<String, DigitModel> byVersion;

    private final LabeledImages fixture = MnistFixture.test500();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeAll
    static void models() throws Exception {
        rotModel = dir.resolve("rot.zip");
        save(TestNetworks.softmax(DigitModel.INPUTS, DigitModel.CLASSES), rotModel, "rot-test");
        MultiLayerNetwork negated = TestNetworks.softmax(DigitModel.INPUTS, DigitModel.CLASSES);
        negated.setParams(negated.params().mul(-3));
        scannerModel = dir.resolve("scanner7.zip");
        save(negated, scannerModel, "scanner7-test");
        byVersion = new LinkedHashMap<>();
        for (Path file : List.of(ModelLocator.defaultModelPath(), rotModel, scannerModel)) {
            DigitModel model = DigitModel.load(file);
            byVersion.put(model.version(), model);
        }
        assertThat(byVersion).as("three distinct versions").hasSize(3);
    }

    /** As {@code train} writes a model: the file and its metadata with the true SHA-256. */
    static void save(MultiLayerNetwork network, Path file, String version) throws Exception {
        ModelSerializer.writeModel(network, file.toFile(), false);
        new ObjectMapper().readValue("{\"version\": \"" + version + "\", \"modelSha256\": \"" + DigitModel.sha256(file) + "\"}",
                ModelMetadata.class).write(file);
    }

    private ServiceConfig config(int batchSize, String routes) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ServiceConfig.MODEL.name(), ModelLocator.defaultModelPath().toString());
        flags.put(ServiceConfig.MODEL_ROUTES.name(), routes);
        flags.put(ServiceConfig.BATCH_SIZE.name(), String.valueOf(batchSize));
        flags.put(ServiceConfig.BATCH_MAX_DELAY_MS.name(), "50");
        flags.put(MetricsConfig.ENABLED.name(), "false");
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "routing-test");
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    private void start(Topology topology, ServiceConfig config) {
        Properties props = new Properties();
        props.putAll(config.streams());
        driver = new TopologyTestDriver(topology, props);
        images = driver.createInputTopic(config.topics().images(), new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(config.topics().predictions(), new StringDeserializer(),
                ContractSerdes.prediction().deserializer());
        deadLetters = driver.createOutputTopic(config.topics().deadLetters(), new StringDeserializer(),
                ContractSerdes.deadLetter().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private DigitImage image(int i, String source) {
        return DigitRecords.gray8(fixture, i, source + "-", source, Instant.ofEpochMilli(1000 + i), true);
    }

    private void send(DigitImage image) {
        images.pipeInput(image.getId().getBytes(), ContractSerdes.digitImage().serialize("digit-images", image));
    }

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {1, 8})
    void eachSourceIsClassifiedByItsRoutedModelAndOthersByTheDefault(int batchSize) throws Exception {
        ServiceConfig config = config(batchSize, "rot*=" + rotModel + ", scanner-7=" + scannerModel + ",scanner-?=" + rotModel);
        ModelRouter models = ClassifierService.loadModels(config);
        start(ClassifierService.topology(config, models), config);
        String shipped = DigitModel.load(ModelLocator.defaultModelPath()).version();
        // every loaded model's metadata by the version its predictions name: drift looks up references there
        assertThat(models.metadata()).containsOnlyKeys(shipped, "rot-test", "scanner7-test");
        assertThat(models.metadata().get(shipped).driftReference()).isNotNull();
        assertThat(models.metadata().get("rot-test").driftReference()).as("metadata without a reference").isNull();
        assertThat(models.copy().metadata()).isEqualTo(models.metadata());
        // sources interleaved, so every micro-batch of 8 mixes models
        List<String> sources = List.of("rot-left", "scanner-7", "scanner-1", "mnist-test", "rot", "scanner-17");
        Map<String, String> expectedVersion = Map.of("rot-left", "rot-test", "rot", "rot-test", "scanner-7", "scanner7-test",
                "scanner-1", "rot-test", "mnist-test", shipped, "scanner-17", shipped);
        List<DigitImage> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            DigitImage image = image(i, sources.get(i % sources.size()));
            sent.add(image);
            send(image);
        }
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(out).extracting(TestRecord::key).as("outputs keep input order")
                .containsExactlyElementsOf(sent.stream().map(DigitImage::getId).toList());
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        for (int i = 0; i < out.size(); i++) {
            Prediction prediction = out.get(i).value();
            String version = expectedVersion.get(prediction.getSource());
            assertThat(prediction.getModelVersion()).as(prediction.getId()).isEqualTo(version);
            float[] own = TestModels.served(byVersion.get(version)).classify(new float[][] {pipeline.modelInput(sent.get(i))})[0];
            for (int d = 0; d < 10; d++) {
                assertThat(prediction.getProbabilities().get(d)).as(prediction.getId() + " p[" + d + "]")
                        .isCloseTo(own[d], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        long shippedCorrect = out.stream().filter(r -> r.value().getModelVersion().equals(shipped))
                .filter(r -> r.value().getDigit() == r.value().getLabel()).count();
        assertThat(shippedCorrect).as("the default (trained) model still gets its images right").isGreaterThanOrEqualTo(18);
    }

    @Test
    void aFailingModelDeadLettersOnlyItsOwnRecordsOfAMixedBatch() throws Exception {
        ServiceConfig config = config(8, "");
        DigitModel shipped = DigitModel.load(ModelLocator.defaultModelPath());
        Map<ModelRoute, InferenceEngine> routes = new LinkedHashMap<>();
        routes.put(new ModelRoute("broken-*", Path.of("broken.zip")), TestNetworks.failing());
        start(ClassifierService.topology(config, ModelRouter.of(shipped, routes)), config);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            DigitImage image = image(i, i % 2 == 0 ? "scanner" : "broken-3");
            ids.add(image.getId());
            send(image);
        }

        assertThat(predictions.readRecordsToList().stream().map(TestRecord::key).toList()).containsExactly(ids.get(0), ids.get(2), ids.get(4), ids.get(6));
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).extracting(DeadLetter::getImageId).containsExactly(ids.get(1), ids.get(3), ids.get(5), ids.get(7));
        assertThat(dead).extracting(DeadLetter::getStage).containsOnly(FailureStage.CLASSIFY);
        assertThat(dead.get(0).getReason()).startsWith("model failure: ").contains("(model failing)");
    }

    @Test
    void aBatchGoesToEachModelInOneCall() {
        List<Integer> callsA = new ArrayList<>();
        List<Integer> callsB = new ArrayList<>();
        InferenceEngine a = counting("a", callsA);
        InferenceEngine b = counting("b", callsB);
        RecordClassifier classifier = new RecordClassifier(ImagePipeline.withDefaults(),
                ModelRouter.of(a, Map.of(new ModelRoute("b*", Path.of("b.zip")), b)), Clock.systemUTC());
        List<RecordClassifier.Input> inputs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            DigitImage image = image(i, i % 3 == 0 ? "b1" : "a1");
            inputs.add(new RecordClassifier.Input(image.getId().getBytes(),
                    ContractSerdes.digitImage().serialize("digit-images", image), new RecordOrigin("digit-images", 0, i)));
        }
        inputs.add(3, new RecordClassifier.Input("junk".getBytes(), "junk".getBytes(), new RecordOrigin("digit-images", 0, 99)));

        List<Outcome> outcomes = classifier.classifyAll(inputs);

        assertThat(callsA).containsExactly(6);
        assertThat(callsB).containsExactly(4);
        assertThat(outcomes.get(3)).isInstanceOf(Outcome.Rejected.class);
        assertThat(outcomes).extracting(Outcome::imageId).containsExactlyElementsOf(
                inputs.stream().map(input -> new String(input.key())).toList());
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof Outcome.Classified classified) {
                assertThat(classified.prediction().getModelVersion()).isEqualTo(classified.prediction().getSource().substring(0, 1));
            }
        }
    }

    /** A fake engine: recognizes every image as its own index within the call, records the call sizes. */
    private static InferenceEngine counting(String version, List<Integer> calls) {
        return new InferenceEngine() {
            @Override
            public float[][] classify(float[][] inputs) {
                calls.add(inputs.length);
                float[][] out = new float[inputs.length][10];
                for (float[] row : out) {
                    row[0] = 1;
                }
                return out;
            }

            @Override
            public InferenceEngine copy() {
                return this;
            }

            @Override
            public String version() {
                return version;
            }
        };
    }
}
