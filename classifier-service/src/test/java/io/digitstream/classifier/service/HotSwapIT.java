package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.http.ServiceHttp;
import io.digitstream.classifier.registry.ModelFollower;
import io.digitstream.classifier.registry.ModelRegistry;
import io.digitstream.classifier.registry.RegistryConfig;
import io.digitstream.classifier.registry.RegistryRecords;
import io.digitstream.classifier.registry.ServingStatus;
import io.digitstream.classifier.registry.SigningKeys;
import io.digitstream.config.Topics;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import io.digitstream.schemas.Prediction;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.OutputLedger;
import java.nio.ByteBuffer;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot swaps through the model registry on a real broker while images stream in steadily: promote and roll back lose
 * and duplicate nothing, and every prediction is what the version it names gives offline; a release that is corrupt,
 * not a model, unsigned or signed by another key (when a key is configured) is refused while the old model serves.
 */
class HotSwapIT {

    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(90);
    private static EmbeddedKafka kafka;
    private static DigitModel cnn;
    private static DigitModel clean;
    private static Path cleanFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.singleNode();
        cnn = DigitModel.load(ModelLocator.defaultModelPath());
        cleanFile = ModelLocator.defaultModelPath().resolveSibling("mnist-clean.zip");
        clean = DigitModel.load(cleanFile);
        assertThat(clean.version()).isNotEqualTo(cnn.version());
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static Properties client() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return properties;
    }

    private ServiceConfig config(String prefix, Map<String, String> more) {
        Map<String, String> keys = new HashMap<>(Topics.withPrefix(prefix).asConfig());
        keys.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix);
        keys.put(RegistryConfig.TOPIC.name(), prefix + "-models");
        keys.put(ServiceConfig.BATCH_SIZE.name(), "16");
        keys.put(ServiceConfig.BATCH_MAX_DELAY_MS.name(), "20");
        keys.putAll(more);
        return ServiceTestConfig.of(kafka.bootstrapServers(), dir.resolve(prefix), keys);
    }

    @Test
    void promoteThenRollBackUnderSteadyLoadLosesNothingAndEachPredictionIsItsVersionsOwn() throws Exception {
        ServiceConfig config = config("hotswap", Map.of());
        try (ClassifierService service = new ClassifierService(config, cnn.copy());
                ModelRegistry registry = new ModelRegistry(client(), config.registry(), Clock.systemUTC())) {
            service.createTopics();
            assertRegistryTopic(config.registry());
            service.start();
            ServingStatus status = service.registry().map(ModelFollower::status).orElseThrow();
            assertThat(status.championVersion()).isEqualTo(cnn.version());

            try (OutputLedger ledger = new OutputLedger(client(), config.topics());
                    SteadyImages images = new SteadyImages(client(), config.topics().images(), MnistFixture.test500(), "hs",
                            60)) {
                awaitUntil(ledger, () -> ledger.predictions().size() >= 60, "predictions by the file model");
                // The file model's version published as champion: nothing to swap, but rollback has a target.
                registry.publish(RegistryRecords.release(ModelLocator.defaultModelPath(), "it", Instant.now()),
                        ModelRegistry.promote(cnn.version()), null, SWAP_TIMEOUT);
                registry.publish(RegistryRecords.release(cleanFile, "it", Instant.now()), null);
                registry.changeRoles(ModelRegistry.promote(clean.version()), null, SWAP_TIMEOUT);
                long promoted = awaitUntil(ledger, () -> clean.version().equals(status.championVersion()), "promotion");
                awaitUntil(ledger, () -> namedAfter(ledger, images, promoted, clean.version()) >= 60,
                        "predictions of images sent after the promotion");
                long rollbackRequested = System.nanoTime();
                registry.changeRoles(ModelRegistry.rollback(), null, SWAP_TIMEOUT);
                long rolledBack = awaitUntil(ledger, () -> cnn.version().equals(status.championVersion()), "rollback");
                awaitUntil(ledger, () -> namedAfter(ledger, images, rolledBack, cnn.version()) >= 60,
                        "predictions of images sent after the rollback");
                images.close();

                assertThat(ledger.awaitOutputs(images.sent().size(), Duration.ofSeconds(60), () -> { })).isTrue();
                ledger.readToEnd(Duration.ofSeconds(10));
                OutputLedger.Conservation conservation = ledger.check(images.sent().keySet());
                assertThat(conservation.holds()).as(conservation.toString()).isTrue();
                assertThat(conservation.deadLetters()).isZero();
                assertThat(status.swaps()).as("clean, then the file model's version back").isEqualTo(2);
                assertThat(status.refusals()).isZero();

                Map<String, Long> byVersion = ledger.predictions().values().stream()
                        .collect(Collectors.groupingBy(Prediction::getModelVersion, Collectors.counting()));
                assertThat(byVersion.keySet()).containsExactlyInAnyOrder(cnn.version(), clean.version());
                for (Prediction prediction : ledger.predictions().values()) {
                    long sentAt = images.sentAtNanos(prediction.getId());
                    if (sentAt > rolledBack) {
                        assertThat(prediction.getModelVersion()).as("%s, sent after the rollback", prediction.getId())
                                .isEqualTo(cnn.version());
                    } else if (sentAt > promoted && sentAt < rollbackRequested) {
                        assertThat(prediction.getModelVersion()).as("%s, sent after the promotion", prediction.getId())
                                .isEqualTo(clean.version());
                    }
                }
                assertOfflineEqual(config, ledger.predictions(), images.sent());

                URI http = service.httpAddress().orElseThrow();
                JsonNode models = ServiceHttp.getJson(http, "models");
                assertThat(models.get("champion").get("version").asText()).isEqualTo(cnn.version());
                assertThat(models.get("challenger").isNull()).isTrue();
                assertThat(models.get("swaps").asLong()).isEqualTo(2);
                assertThat(models.get("lastSwap").get("version").asText()).isEqualTo(cnn.version());
                String metrics = ServiceHttp.getText(http, "metrics");
                assertThat(metrics).contains("digits_model_swaps_total 2.0").contains("digits_model_refusals_total 0.0")
                        .contains("digits_model_serving{role=\"champion\",version=\"" + cnn.version() + "\"} 1.0")
                        .doesNotContain("version=\"" + clean.version() + "\"");
            }
        }
    }

    @Test
    void withAVerifyKeyOnlySignedIntactModelsServe() throws Exception {
        SigningKeys.generate(dir.resolve("ours"));
        SigningKeys.generate(dir.resolve("theirs"));
        PrivateKey ours = SigningKeys.readPrivate(dir.resolve("ours").resolve(SigningKeys.PRIVATE_FILE));
        PrivateKey theirs = SigningKeys.readPrivate(dir.resolve("theirs").resolve(SigningKeys.PRIVATE_FILE));
        ServiceConfig config = config("signed", Map.of(RegistryConfig.VERIFY_KEY.name(),
                dir.resolve("ours").resolve(SigningKeys.PUBLIC_FILE).toString()));
        try (ClassifierService service = new ClassifierService(config, cnn.copy());
                ModelRegistry registry = new ModelRegistry(client(), config.registry(), Clock.systemUTC())) {
            service.createTopics();
            service.start();
            ServingStatus status = service.registry().map(ModelFollower::status).orElseThrow();
            try (OutputLedger ledger = new OutputLedger(client(), config.topics());
                    SteadyImages images = new SteadyImages(client(), config.topics().images(), MnistFixture.test500(), "sg",
                            40)) {
                ModelRelease good = SigningKeys.sign(RegistryRecords.release(cleanFile, "it", Instant.now()), ours);

                ModelRelease corrupt = RegistryRecords.release(cleanFile, "it", Instant.now());
                byte[] bytes = bytes(corrupt.getModelBytes());
                bytes[bytes.length / 2] ^= 0x10;
                corrupt.setModelBytes(ByteBuffer.wrap(bytes));
                refused(ledger, status, registry, SigningKeys.sign(corrupt, ours), ours, "SHA-256");

                byte[] notAModel = new byte[4096];
                new Random(7).nextBytes(notAModel);
                String sha = RegistryRecords.sha256(ByteBuffer.wrap(notAModel));
                ModelRelease junk = ModelRelease.newBuilder(good).setVersion("not-a-model").setSha256(sha)
                        .setMetadataJson("{\"version\":\"not-a-model\",\"modelSha256\":\"" + sha + "\"}")
                        .setModelBytes(ByteBuffer.wrap(notAModel)).setSignature(null).build();
                refused(ledger, status, registry, SigningKeys.sign(junk, ours), ours, "not a servable model");

                refused(ledger, status, registry, RegistryRecords.release(cleanFile, "it", Instant.now()), ours, "unsigned");
                refused(ledger, status, registry, SigningKeys.sign(RegistryRecords.release(cleanFile, "it", Instant.now()),
                        theirs), ours, "does not verify");
                // An intact, signed release, but roles signed by another key, then not signed at all.
                // (in one transaction: the roles already name this version, signed by us)
                long before = status.refusals();
                registry.publish(good, SigningKeys.sign(roles(good.getVersion()), theirs));
                awaitUntil(ledger, () -> status.refusals() == before + 1, "refusal of roles signed by another key");
                assertThat(status.lastRefusalReason()).startsWith("roles record").contains("does not verify");
                refusedRoles(ledger, status, registry, roles(good.getVersion()), "unsigned");
                assertThat(status.swaps()).isZero();

                registry.publishRoles(SigningKeys.sign(roles(good.getVersion()), ours));
                long swapped = awaitUntil(ledger, () -> clean.version().equals(status.championVersion()), "signed swap");
                awaitUntil(ledger, () -> namedAfter(ledger, images, swapped, clean.version()) >= 20,
                        "predictions after the signed swap");
                images.close();
                assertThat(ledger.awaitOutputs(images.sent().size(), Duration.ofSeconds(60), () -> { })).isTrue();
                OutputLedger.Conservation conservation = ledger.check(images.sent().keySet());
                assertThat(conservation.holds()).as(conservation.toString()).isTrue();
                assertThat(status.swaps()).isEqualTo(1);
                assertThat(status.refusals()).isEqualTo(6);
                assertOfflineEqual(config, ledger.predictions(), images.sent());
            }
            // An instance started now reads the registry before its streams start: it never serves the file model.
            ServiceConfig another = ServiceTestConfig.of(kafka.bootstrapServers(), dir.resolve("another"),
                    Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "signed-another", RegistryConfig.TOPIC.name(),
                            config.registry().topic(), RegistryConfig.VERIFY_KEY.name(),
                            config.registry().verifyKey().orElseThrow().toString()));
            try (ClassifierService late = new ClassifierService(another, cnn.copy())) {
                ServingStatus lateStatus = late.registry().map(ModelFollower::status).orElseThrow();
                assertThat(lateStatus.championVersion()).isEqualTo(cnn.version());
                late.start();
                assertThat(lateStatus.championVersion()).as("when start returns").isEqualTo(clean.version());
                assertThat(late.models().current().generation()).isEqualTo(2);
                assertThat(lateStatus.refusals()).as("only the latest roles and releases are judged").isZero();
            }
        }
    }

    private static ModelRoles roles(String champion) {
        return ModelRoles.newBuilder(RegistryRecords.emptyRoles(Instant.now())).setChampion(champion).build();
    }

    /** Publishes {@code release} as champion (roles signed by {@code signer}); it is refused, the file model serves on. */
    private static void refused(OutputLedger ledger, ServingStatus status, ModelRegistry registry, ModelRelease release,
            PrivateKey signer, String reason) throws InterruptedException {
        long before = status.refusals();
        registry.publish(release, SigningKeys.sign(roles(release.getVersion()), signer));
        awaitUntil(ledger, () -> status.refusals() == before + 1, "refusal of " + reason);
        assertThat(status.lastRefusalReason()).contains(reason);
        assertThat(status.championVersion()).isEqualTo(cnn.version());
    }

    private static void refusedRoles(OutputLedger ledger, ServingStatus status, ModelRegistry registry, ModelRoles roles,
            String reason) throws InterruptedException {
        long before = status.refusals();
        registry.publishRoles(roles);
        awaitUntil(ledger, () -> status.refusals() == before + 1, "refusal of roles " + reason);
        assertThat(status.lastRefusalReason()).startsWith("roles record").contains(reason);
        assertThat(status.championVersion()).isEqualTo(cnn.version());
    }

    /** Predictions naming {@code version} of images sent after {@code nanos}; -1 if one names another version. */
    private static long namedAfter(OutputLedger ledger, SteadyImages images, long nanos, String version) {
        long count = 0;
        for (Prediction p : ledger.predictions().values()) {
            if (images.sentAtNanos(p.getId()) > nanos) {
                if (!p.getModelVersion().equals(version)) {
                    return -1;
                }
                count++;
            }
        }
        return count;
    }

    /** Polls the outputs until {@code condition} holds; returns System.nanoTime() then. */
    private static long awaitUntil(OutputLedger ledger, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + SWAP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            ledger.poll(Duration.ofMillis(100));
        }
        return System.nanoTime();
    }

    private static void assertOfflineEqual(ServiceConfig config, Map<String, Prediction> predictions,
            Map<String, DigitImage> sent) throws Exception {
        ImagePipeline pipeline = new ImagePipeline(config.limits());
        Map<String, DigitModel> models = Map.of(cnn.version(), cnn, clean.version(), clean);
        for (Map.Entry<String, DigitModel> model : models.entrySet()) {
            List<Prediction> named = predictions.values().stream()
                    .filter(p -> p.getModelVersion().equals(model.getKey())).toList();
            float[][] inputs = new float[named.size()][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = pipeline.modelInput(sent.get(named.get(i).getId()));
            }
            float[][] offline = inputs.length == 0 ? new float[0][] : TestModels.served(model.getValue()).classify(inputs);
            for (int i = 0; i < named.size(); i++) {
                for (int d = 0; d < 10; d++) {
                    assertThat(named.get(i).getProbabilities().get(d)).as("%s digit %d by %s", named.get(i).getId(), d,
                            model.getKey()).isCloseTo(offline[i][d], within(1e-5f));
                }
            }
        }
        assertThat(predictions.values()).extracting(Prediction::getModelVersion).allMatch(models::containsKey);
    }

    private static void assertRegistryTopic(RegistryConfig registry) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, registry.topic());
        try (var admin = kafka.admin()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) { // a topic just created may not be known to every part of the broker yet
                try {
                    TopicDescription topic = admin.describeTopics(Set.of(registry.topic())).allTopicNames().get()
                            .get(registry.topic());
                    Config configs = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
                    assertThat(topic.partitions()).hasSize(1);
                    assertThat(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
                    assertThat(configs.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                            .isEqualTo(Integer.toString(RegistryConfig.DEFAULT_MAX_RECORD_BYTES));
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
