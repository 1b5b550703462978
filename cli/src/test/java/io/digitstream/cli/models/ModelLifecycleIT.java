package io.digitstream.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.registry.ModelFollower;
import io.digitstream.classifier.registry.ServingStatus;
import io.digitstream.classifier.review.ReviewConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.stream.ClassifierTopology;
import io.digitstream.cli.CommandRun;
import io.digitstream.command.ExitCodes;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.ReviewRequest;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.Await;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.OutputLedger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model lifecycle as a user runs it, all parts together on one real broker: the service (review on) follows the
 * registry that the real {@code digits models} commands write. A challenger in shadow scores every valid image on the
 * shadow topic exactly as it does offline; a corrupt model is refused by {@code models publish}, or by the service
 * when its metadata matches the damaged bytes, and the champion serves on; a promotion while images stream loses and duplicates nothing and every
 * prediction is the offline classification by the version it names; every prediction under the review threshold,
 * and only those, is sent to review, and a label given on the review page is a label event.
 */
class ModelLifecycleIT {

    private static final LabeledImages DIGITS = MnistFixture.test500();
    private static final Path CNN = ModelLocator.defaultModelPath();
    private static final Path CLEAN = CNN.resolveSibling("mnist-clean.zip");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int SHADOW_IMAGES = 300;
    private static final int INVALID = 2;
    /** High enough that some MNIST test digits fall under it with either model. */
    private static final double REVIEW_THRESHOLD = 0.99;

    @Test
    void shadowThenPromoteUnderLoadWithReview(@TempDir Path dir) throws Exception {
        DigitModel cnn = DigitModel.load(CNN);
        DigitModel clean = DigitModel.load(CLEAN);
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            ServiceConfig config = serviceConfig(kafka, dir.resolve("state"));
            // Offline, each model on the engine the service runs, opened as it opens them. The registry names a
            // release by its model's version; predictions and the serving status name the engine's (-int8 for int8).
            InferenceEngine cnnServed = Engines.open(config.engine(), cnn, config.engineSettings());
            InferenceEngine cleanServed = Engines.open(config.engine(), clean, config.engineSettings());
            assertThat(List.of(cnnServed.version(), cleanServed.version())).as("serve's default engine is onnx-int8")
                    .containsExactly(cnn.version() + "-int8", clean.version() + "-int8");
            lifecycle(kafka, dir, config, cnn, clean, cnnServed, cleanServed);
        }
    }

    private static void lifecycle(EmbeddedKafka kafka, Path dir, ServiceConfig config, DigitModel cnn, DigitModel clean,
            InferenceEngine cnnEngine, InferenceEngine cleanEngine) throws Exception {
        String cnnServed = cnnEngine.version();
        String cleanServed = cleanEngine.version();
        Map<String, InferenceEngine> byVersion = Map.of(cnnServed, cnnEngine, cleanServed, cleanEngine);
        Topics topics = Topics.DEFAULT;
        try (ClassifierService service = ClassifierService.load(config)) {
            String bootstrap = kafka.bootstrapServers();
            service.createTopics();
            service.start();
            Await.until(service::state, KafkaStreams.State.RUNNING::equals, "the service running", TIMEOUT,
                    Duration.ofMillis(100));
            ServingStatus status = service.registry().map(ModelFollower::status).orElseThrow();

            assertOk(models(bootstrap, "publish", CNN.toString(), "--role", "champion"));
            assertOk(models(bootstrap, "publish", CLEAN.toString()));
            assertOk(models(bootstrap, "challenge", clean.version()));
            Await.until(status::challengerVersion, cleanServed::equals, "the challenger installed", TIMEOUT,
                    Duration.ofMillis(100));

            // Shadow: the champion answers, the challenger scores every valid image on the shadow topic.
            Map<String, DigitImage> sent = new ConcurrentHashMap<>();
            List<String> inputIds = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                for (int i = 0; i < SHADOW_IMAGES; i++) {
                    DigitImage image = DigitRecords.gray8(DIGITS, i, "shadow", i % 2 == 0 ? "scanner-a" : "scanner-b",
                            DigitRecords.captureTimeNow(), true);
                    sent.put(image.getId(), image);
                    inputIds.add(image.getId());
                    producer.send(image(topics, image));
                }
                for (int g = 0; g < INVALID; g++) {
                    String id = "garbage-" + g;
                    inputIds.add(id);
                    producer.send(new ProducerRecord<>(topics.images(), id.getBytes(StandardCharsets.UTF_8), new byte[] {7, 7}));
                }
            }
            Map<String, Prediction> shadow = read(bootstrap, ClassifierTopology.shadowTopic(topics), SHADOW_IMAGES, bytes -> ContractSerdes.prediction().deserialize(null, bytes));
            assertThat(shadow.keySet()).as("one shadow prediction per valid image").isEqualTo(sent.keySet());
            assertThat(shadow.values()).extracting(Prediction::getModelVersion).containsOnly(cleanServed);
            assertOfflineEqual(shadow.values(), sent, byVersion);

            // A corrupt model: models publish refuses it; with metadata that matches the bad bytes, the service does.
            Path corrupt = corruptCopy(CNN.resolveSibling("mnist-rot.zip"), dir, false);
            CommandRun refused = models(bootstrap, "publish", corrupt.toString(), "--role", "champion");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(refused.err()).contains("does not match its metadata's modelSha256");
            assertOk(models(bootstrap, "publish", corruptCopy(corrupt, dir, true).toString(), "--role", "champion"));
            Await.until(status::refusals, n -> n == 1, "the corrupt release refused", TIMEOUT, Duration.ofMillis(50));
            assertThat(status.lastRefusalReason()).contains("not a servable model");
            assertThat(status.championVersion()).isEqualTo(cnnServed);
            assertThat(status.challengerVersion()).isEqualTo(cleanServed);

            // Promotion while images keep coming.
            try (OutputLedger ledger = new OutputLedger(client(bootstrap), topics)) {
                SteadySender steady = new SteadySender(bootstrap, topics, sent, inputIds);
                steady.start();
                Await.until(() -> {
                    ledger.poll(Duration.ofMillis(100));
                    return countNamed(ledger, cnnServed);
                }, n -> n >= SHADOW_IMAGES + 30, "predictions by the champion before the promotion", TIMEOUT,
                        Duration.ofMillis(1));
                assertOk(models(bootstrap, "promote", clean.version()));
                Await.until(status::championVersion, cleanServed::equals, "the promotion", TIMEOUT,
                        Duration.ofMillis(50));
                int namedBefore = countNamed(ledger, cleanServed);
                Await.until(() -> {
                    ledger.poll(Duration.ofMillis(100));
                    return countNamed(ledger, cleanServed);
                }, n -> n >= namedBefore + 60, "predictions by the promoted model", TIMEOUT, Duration.ofMillis(1));
                steady.stopAndJoin();

                assertThat(ledger.awaitOutputs(inputIds.size(), TIMEOUT, () -> { })).isTrue();
                ledger.readToEnd(Duration.ofSeconds(10));
                OutputLedger.Conservation conservation = ledger.check(inputIds);
                assertThat(conservation.holds()).as(conservation.toString()).isTrue();
                assertThat(conservation.deadLetters()).isEqualTo(INVALID);
                assertThat(conservation.predictions()).isEqualTo(inputIds.size() - INVALID);
                assertThat(ledger.predictions().values()).extracting(Prediction::getModelVersion)
                        .contains(cnnServed, cleanServed).allMatch(byVersion::containsKey);
                assertOfflineEqual(ledger.predictions().values(), sent, byVersion);
                assertThat(status.refusals()).as("only the corrupt release").isEqualTo(1);

                // Review: exactly the predictions whose calibrated confidence is under the threshold.
                Set<String> expected = new HashSet<>();
                Set<String> borderline = new HashSet<>();
                for (Prediction p : ledger.predictions().values()) {
                    float[] probabilities = toArray(p.getProbabilities());
                    double calibrated = byVersion.get(p.getModelVersion()).calibration().confidence(probabilities, p.getDigit());
                    if (Math.abs(calibrated - REVIEW_THRESHOLD) < 1e-4) {
                        borderline.add(p.getId());
                    } else if (calibrated < REVIEW_THRESHOLD) {
                        expected.add(p.getId());
                    }
                }
                assertThat(expected).as("the threshold sends some images to review").hasSizeGreaterThan(3);
                Map<String, ReviewRequest> reviews = read(bootstrap, ReviewConfig.TOPIC.defaultValue(), expected.size(),
                        bytes -> ContractSerdes.reviewRequest().deserialize(null, bytes));
                Set<String> reviewed = new HashSet<>(reviews.keySet());
                reviewed.removeAll(borderline);
                assertThat(reviewed).isEqualTo(expected);
                System.out.printf("model lifecycle: %d inputs, %d shadow predictions, predictions by version %s, %d sent to"
                        + " review%n", inputIds.size(), shadow.size(), ledger.predictions().values().stream().collect(
                        Collectors.groupingBy(Prediction::getModelVersion, Collectors.counting())),
                        reviews.size());
                for (ReviewRequest request : reviews.values()) {
                    Prediction p = ledger.predictions().get(request.getId());
                    assertThat(request.getModelVersion()).isEqualTo(p.getModelVersion());
                    assertThat(request.getDigit()).isEqualTo(p.getDigit());
                    assertThat(request.getThreshold()).isEqualTo((float) REVIEW_THRESHOLD);
                }

                // One key press on the review page: a label event on the labels topic.
                URI http = service.httpAddress().orElseThrow();
                JsonNode next = MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(http.resolve("api/review/next")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                String id = next.get("id").asText();
                assertThat(reviews).containsKey(id);
                int digit = (next.get("digit").asInt() + 1) % 10;
                HttpResponse<String> labeled = HTTP.send(HttpRequest.newBuilder(http.resolve("api/review/label"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("id=" + id + "&digit=" + digit)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(labeled.statusCode()).as(labeled.body()).isEqualTo(200);
                Map<String, LabelEvent> labels = read(bootstrap, topics.labels(), 1,
                        bytes -> ContractSerdes.labelEvent().deserialize(null, bytes));
                assertThat(labels).containsOnlyKeys(id);
                assertThat(labels.get(id).getLabel()).isEqualTo(digit);
            }
        }
    }

    /**
     * A copy of {@code model} with one bit flipped, and its metadata: as it was ({@code matching} false: the file no
     * longer matches it), or with the SHA-256 of the flipped bytes, so only loading the model finds the damage.
     */
    private static Path corruptCopy(Path model, Path dir, boolean matching) throws Exception {
        Path copy = dir.resolve((matching ? "matching-" : "corrupt-") + model.getFileName());
        byte[] bytes = Files.readAllBytes(model);
        if (!matching) {
            bytes[bytes.length / 2] ^= 0x10;
        }
        Files.write(copy, bytes);
        ObjectNode metadata = (ObjectNode) MAPPER.readTree(ModelMetadata.pathFor(model).toFile());
        if (matching) {
            metadata.put("modelSha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        MAPPER.writeValue(ModelMetadata.pathFor(copy).toFile(), metadata);
        return copy;
    }

    private static ServiceConfig serviceConfig(EmbeddedKafka kafka, Path stateDir) {
        Map<String, String> flags = new HashMap<>(Topics.DEFAULT.asConfig());
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(ServiceConfig.PARTITIONS.name(), "3");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(ServiceConfig.BATCH_SIZE.name(), "16");
        flags.put(ServiceConfig.BATCH_MAX_DELAY_MS.name(), "20");
        flags.put(HttpConfig.PORT.name(), "0");
        flags.put(MetricsConfig.ENABLED.name(), "false");
        flags.put(ReviewConfig.ENABLED.name(), "true");
        flags.put(ReviewConfig.THRESHOLD.name(), Double.toString(REVIEW_THRESHOLD));
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), CNN);
    }

    private static CommandRun models(String bootstrap, String... args) {
        List<String> all = new ArrayList<>(List.of("models"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-server", bootstrap));
        return CommandRun.of(all.toArray(String[]::new));
    }

    private static void assertOk(CommandRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static int countNamed(OutputLedger ledger, String version) {
        return (int) ledger.predictions().values().stream().filter(p -> p.getModelVersion().equals(version)).count();
    }

    /** Every prediction's probabilities are those the model it names gives offline, through the stream's pipeline. */
    private static void assertOfflineEqual(Iterable<Prediction> predictions, Map<String, DigitImage> sent,
            Map<String, InferenceEngine> byVersion) throws Exception {
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        Map<String, List<Prediction>> named = new HashMap<>();
        predictions.forEach(p -> named.computeIfAbsent(p.getModelVersion(), v -> new ArrayList<>()).add(p));
        for (Map.Entry<String, List<Prediction>> group : named.entrySet()) {
            List<Prediction> list = group.getValue();
            float[][] inputs = new float[list.size()][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = pipeline.modelInput(sent.get(list.get(i).getId()));
            }
            float[][] offline = byVersion.get(group.getKey()).classify(inputs);
            for (int i = 0; i < list.size(); i++) {
                for (int d = 0; d < 10; d++) {
                    assertThat(list.get(i).getProbabilities().get(d)).as("%s digit %d by %s", list.get(i).getId(), d,
                            group.getKey()).isCloseTo(offline[i][d], within(1e-5f));
                }
            }
        }
    }

    private static float[] toArray(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    /** The committed records of {@code topic} by key, until {@code expected} keys are read and a second more. */
    private static <T> Map<String, T> read(String bootstrap, String topic, int expected, Function<byte[], T> decode) {
        Properties properties = client(bootstrap);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, T> byKey = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    T previous = byKey.put(new String(record.key(), StandardCharsets.UTF_8), decode.apply(record.value()));
                    assertThat(previous).as("one record per key on %s", topic).isNull();
                }
                if (byKey.size() >= expected && settled == Long.MAX_VALUE) {
                    settled = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return byKey;
    }

    private static Properties client(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return properties;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties properties = client(bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> image(Topics topics, DigitImage image) {
        return new ProducerRecord<>(topics.images(), image.getId().getBytes(StandardCharsets.UTF_8),
                ContractSerdes.digitImage().serialize(topics.images(), image));
    }

    /** Images at about 60 per second on a thread of its own, remembered as they are sent. */
    private static final class SteadySender extends Thread {

        private final String bootstrap;
        private final Topics topics;
        private final Map<String, DigitImage> sent;
        private final List<String> inputIds;
        private volatile boolean running = true;
        private volatile Throwable failure;

        SteadySender(String bootstrap, Topics topics, Map<String, DigitImage> sent, List<String> inputIds) {
            super("steady-images");
            this.bootstrap = bootstrap;
            this.topics = topics;
            this.sent = sent;
            this.inputIds = inputIds;
        }

        @Override
        public void run() {
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                for (int i = 0; running; i++) {
                    DigitImage image = DigitRecords.gray8(DIGITS, i % DIGITS.count(), "steady" + (i / DIGITS.count()),
                            i % 2 == 0 ? "scanner-a" : "scanner-b", DigitRecords.captureTimeNow(), true);
                    sent.put(image.getId(), image);
                    synchronized (inputIds) {
                        inputIds.add(image.getId());
                    }
                    producer.send(image(topics, image));
                    Thread.sleep(16);
                }
                producer.flush();
            } catch (Throwable e) {
                failure = e;
            }
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join();
            assertThat(failure).as("sending images").isNull();
        }
    }
}
