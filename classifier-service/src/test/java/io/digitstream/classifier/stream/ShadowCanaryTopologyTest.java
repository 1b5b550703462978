package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ChallengerConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.ConfigurationException;
import io.digitstream.config.LayeredConfig;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.DigitModel;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A challenger beside the champion (mnist-cnn against mnist-clean, two distinct versions): in shadow mode the output
 * is the champion's and every valid image's challenger prediction goes to the shadow topic; under a canary the share
 * of outputs that are the challenger's follows the configured share, chosen by image id alone; each output names the
 * version that made it and is that version's offline answer; one output per input; a failing challenger changes
 * nothing on the main topics.
 */
class ShadowCanaryTopologyTest {

    private static final Path CHAMPION = ModelLocator.defaultModelPath();
    private static final Path CHALLENGER = CHAMPION.resolveSibling("mnist-clean.zip");

    private static DigitModel champion;
    private static DigitModel challenger;
    private static Map<String, DigitModel> byVersion;

    private final LabeledImages fixture = MnistFixture.test500();

    @BeforeAll
    static void models() throws Exception {
        champion = DigitModel.load(CHAMPION);
        challenger = DigitModel.load(CHALLENGER);
        byVersion = Map.of(champion.version(), champion, challenger.version(), challenger);
        assertThat(byVersion).as("two distinct versions").hasSize(2);
    }

    static ServiceConfig config(String canaryShare) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ServiceConfig.MODEL.name(), CHAMPION.toString());
        flags.put(ServiceConfig.MODEL_ROUTES.name(), "");
        flags.put(ServiceConfig.ENGINE.name(), "dl4j");
        flags.put(ServiceConfig.BATCH_SIZE.name(), "16");
        flags.put(ServiceConfig.BATCH_MAX_DELAY_MS.name(), "50");
        flags.put(MetricsConfig.ENABLED.name(), "false");
        flags.put(ChallengerConfig.MODEL.name(), CHALLENGER.toString());
        flags.put(ChallengerConfig.CANARY_SHARE.name(), canaryShare);
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "shadow-test");
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    /** What came out of one run. */
    record Run(List<Prediction> predictions, List<Prediction> shadow, List<DeadLetter> deadLetters, Map<String, DigitImage> sent) {

        Map<String, Prediction> byId(List<Prediction> list) {
            return list.stream().collect(Collectors.toMap(Prediction::getId, Function.identity()));
        }
    }

    private Run run(ServiceConfig config, LiveModels live, int images, int invalid) {
        Properties props = new Properties();
        props.putAll(config.streams());
        Map<String, DigitImage> sent = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ClassifierService.topology(config, live), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(config.topics().images(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            for (int i = 0; i < images; i++) {
                DigitImage image = DigitRecords.gray8(fixture, i, "canary-", "scanner-" + i % 3, Instant.ofEpochMilli(1000 + i), true);
                sent.put(image.getId(), image);
                in.pipeInput(image.getId().getBytes(), ContractSerdes.digitImage().serialize("digit-images", image));
            }
            for (int i = 0; i < invalid; i++) {
                in.pipeInput(("broken-" + i).getBytes(), new byte[] {1, 2, 3});
            }
            driver.advanceWallClockTime(Duration.ofMillis(100));
            return new Run(
                    driver.createOutputTopic(config.topics().predictions(), new StringDeserializer(),
                            ContractSerdes.prediction().deserializer()).readValuesToList(),
                    driver.createOutputTopic(config.challenger().shadowTopic(), new StringDeserializer(),
                            ContractSerdes.prediction().deserializer()).readValuesToList(),
                    driver.createOutputTopic(config.topics().deadLetters(), new StringDeserializer(),
                            ContractSerdes.deadLetter().deserializer()).readValuesToList(),
                    sent);
        }
    }

    private static LiveModels challenged(ServiceConfig config) {
        LiveModels live = new LiveModels(ModelRouter.single(TestModels.served(champion)));
        live.challenge(ClassifierService.openChallenger(config));
        return live;
    }

    /** Each prediction is what the version it names gives offline, and names the other model's answer. */
    private static void assertOffline(ImagePipeline pipeline, Run run, Prediction prediction) {
        DigitModel named = byVersion.get(prediction.getModelVersion());
        assertThat(named).as("version of %s", prediction.getId()).isNotNull();
        float[] input = modelInput(pipeline, run.sent().get(prediction.getId()));
        float[] offline = TestModels.served(named).classify(new float[][] {input})[0];
        for (int d = 0; d < 10; d++) {
            assertThat(prediction.getProbabilities().get(d)).isCloseTo(offline[d], within(1e-5f));
        }
        DigitModel other = named == champion ? challenger : champion;
        assertThat(prediction.getCompared()).as("compared of %s", prediction.getId()).isNotNull();
        assertThat(prediction.getCompared().getModelVersion()).isEqualTo(other.version());
        assertThat(prediction.getCompared().getChallenger()).isEqualTo(other == challenger);
        float[] otherOffline = TestModels.served(other).classify(new float[][] {input})[0];
        assertThat(prediction.getCompared().getDigit()).isEqualTo(io.digitstream.model.Scores.argmax(otherOffline));
    }

    private static float[] modelInput(ImagePipeline pipeline, DigitImage image) {
        try {
            return pipeline.modelInput(image);
        } catch (io.digitstream.model.image.RejectedImageException e) {
            throw new AssertionError(image.getId() + " is a valid image", e);
        }
    }

    @Test
    void inShadowTheOutputIsTheChampionsAndEveryValidImageHasTheChallengersPredictionOnTheShadowTopic() {
        ServiceConfig config = config("0");
        assertThat(config.challenger().shadowTopic()).isEqualTo("digit-predictions-shadow");
        LiveModels live = challenged(config);
        assertThat(live.current().challenger().shadow()).isTrue();
        Run run = run(config, live, 60, 3);

        assertThat(run.predictions().size() + run.deadLetters().size()).as("one output per input").isEqualTo(63);
        assertThat(run.deadLetters()).hasSize(3);
        assertThat(run.predictions()).extracting(Prediction::getId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(run.sent().keySet());
        assertThat(run.predictions()).extracting(Prediction::getModelVersion).containsOnly(champion.version());
        assertThat(run.shadow()).as("one shadow prediction per valid image").extracting(Prediction::getId)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(run.sent().keySet());
        assertThat(run.shadow()).extracting(Prediction::getModelVersion).containsOnly(challenger.version());
        ImagePipeline pipeline = new ImagePipeline(config.limits());
        run.predictions().forEach(p -> assertOffline(pipeline, run, p));
        run.shadow().forEach(p -> assertOffline(pipeline, run, p));
        assertThat(run.predictions().stream().filter(p -> p.getConfidence() != p.getCompared().getConfidence()).count())
                .as("the two models' answers differ, or the comparison could not fail").isPositive();
    }

    @Test
    void aCanaryAnswersItsShareOfImagesChosenByImageIdAndTheOtherPredictionGoesToTheShadowTopic() {
        ServiceConfig config = config("0.3");
        Run run = run(config, challenged(config), 500, 0);

        assertThat(run.predictions()).extracting(Prediction::getId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(run.sent().keySet());
        long byChallenger = run.predictions().stream().filter(p -> p.getModelVersion().equals(challenger.version())).count();
        // Binomial(500, 0.3): sd 10.2; 4 sd either side
        assertThat(byChallenger).as("canary outputs of 500").isBetween(150L - 41, 150L + 41);
        Map<String, Prediction> shadow = run.byId(run.shadow());
        assertThat(shadow.keySet()).containsExactlyInAnyOrderElementsOf(run.sent().keySet());
        ImagePipeline pipeline = new ImagePipeline(config.limits());
        for (Prediction output : run.predictions()) {
            boolean canary = CanarySelection.challengerAnswers(output.getId(), 0.3);
            assertThat(output.getModelVersion()).as("output of %s", output.getId())
                    .isEqualTo(canary ? challenger.version() : champion.version());
            assertThat(shadow.get(output.getId()).getModelVersion()).as("shadow of %s", output.getId())
                    .isEqualTo(canary ? champion.version() : challenger.version());
            assertOffline(pipeline, run, output);
        }

        // A replay (after a crash, on another instance) chooses the same model for each image.
        Run replay = run(config, challenged(config), 500, 0);
        Map<String, Prediction> first = run.byId(run.predictions());
        replay.predictions().forEach(p -> assertThat(p.getModelVersion()).as("replay of %s", p.getId())
                .isEqualTo(first.get(p.getId()).getModelVersion()));
    }

    @Test
    void theCanaryShareLimitsZeroAndOneAreShadowAndAllTheRestOutOfRangeIsRefused() {
        Run all = run(config("1"), challenged(config("1")), 40, 0);
        assertThat(all.predictions()).hasSize(40).extracting(Prediction::getModelVersion).containsOnly(challenger.version());
        assertThat(all.shadow()).hasSize(40).extracting(Prediction::getModelVersion).containsOnly(champion.version());
        Run none = run(config("0.0"), challenged(config("0.0")), 40, 0);
        assertThat(none.predictions()).hasSize(40).extracting(Prediction::getModelVersion).containsOnly(champion.version());

        assertThat(config("0.999999").challenger().canaryShare()).isEqualTo(0.999999);
        assertThat(config("0.000001").challenger().canaryShare()).isEqualTo(0.000001);
        for (String outOfRange : List.of("1.000001", "-0.000001", "NaN", "Infinity", "half")) {
            assertThatThrownBy(() -> config(outOfRange)).as(outOfRange).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(ChallengerConfig.CANARY_SHARE.name());
        }
        assertThatThrownBy(() -> new LiveModels.Challenger(challenger, 1.000001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LiveModels.Challenger(challenger, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShareOfImagesTheCanaryPicksFollowsTheShare() {
        for (double share : new double[] {0.01, 0.1, 0.5, 0.9, 0.99}) {
            long picked = 0;
            for (int i = 0; i < 20_000; i++) {
                if (CanarySelection.challengerAnswers("image-" + i, share)) {
                    picked++;
                }
            }
            double sd = Math.sqrt(20_000 * share * (1 - share));
            assertThat((double) picked).as("share %s", share).isCloseTo(20_000 * share, within(4 * sd));
        }
    }

    @Test
    void aChallengerInstalledOrRemovedWhileTheStreamRunsTakesEffectBetweenBatches() {
        ServiceConfig config = config("0");
        LiveModels live = new LiveModels(ModelRouter.single(TestModels.served(champion)));
        Properties props = new Properties();
        props.putAll(config.streams());
        try (TopologyTestDriver driver = new TopologyTestDriver(ClassifierService.topology(config, live), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(config.topics().images(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, Prediction> predictions = driver.createOutputTopic(config.topics().predictions(),
                    new StringDeserializer(), ContractSerdes.prediction().deserializer());
            TestOutputTopic<String, Prediction> shadow = driver.createOutputTopic(config.challenger().shadowTopic(),
                    new StringDeserializer(), ContractSerdes.prediction().deserializer());
            for (int i = 0; i < 48; i++) {
                if (i == 16) { // after the first batch of 16
                    live.challenge(ClassifierService.openChallenger(config));
                } else if (i == 32) {
                    live.challenge(null);
                }
                DigitImage image = DigitRecords.gray8(fixture, i, "live-", "scanner", Instant.ofEpochMilli(1000 + i), true);
                in.pipeInput(image.getId().getBytes(), ContractSerdes.digitImage().serialize("digit-images", image));
            }
            driver.advanceWallClockTime(Duration.ofMillis(100));

            List<Prediction> out = predictions.readValuesToList();
            assertThat(out).hasSize(48).extracting(Prediction::getModelVersion).containsOnly(champion.version());
            assertThat(out.stream().filter(p -> p.getCompared() != null).map(Prediction::getId).toList())
                    .as("the batch classified while the challenger was installed")
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(16, 32)
                            .mapToObj(i -> DigitRecords.mnistId("live-", i)).toList());
            assertThat(shadow.readValuesToList()).hasSize(16).extracting(Prediction::getModelVersion)
                    .containsOnly(challenger.version());
        }
    }

    /** A challenger whose every call fails, as one out of memory or given a model of another input shape would. */
    private record FailingEngine(InferenceEngine model) implements InferenceEngine {
        @Override
        public float[][] classify(float[][] inputs) {
            throw new IllegalStateException("challenger cannot classify " + inputs.length + " images");
        }

        @Override
        public InferenceEngine copy() {
            return this;
        }

        @Override
        public String version() {
            return model.version();
        }
    }

    @Test
    void aFailingChallengerIsCountedAndNeverDeadLettersOrStopsTheChampionsOutput() {
        ServiceConfig config = config("1");
        LiveModels live = new LiveModels(ModelRouter.single(TestModels.served(champion)));
        live.challenge(new LiveModels.Challenger(new FailingEngine(challenger), 1));
        Run run = run(config, live, 48, 2);

        assertThat(run.predictions()).extracting(Prediction::getId).containsExactlyInAnyOrderElementsOf(run.sent().keySet());
        assertThat(run.predictions()).extracting(Prediction::getModelVersion).containsOnly(champion.version());
        assertThat(run.predictions()).extracting(Prediction::getCompared).containsOnlyNulls();
        assertThat(run.deadLetters()).as("only the invalid records").hasSize(2);
        assertThat(run.shadow()).isEmpty();
        assertThat(live.challengerFailures()).as("batches of 16").isEqualTo(3);
    }
}
