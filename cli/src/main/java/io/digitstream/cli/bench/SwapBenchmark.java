package io.digitstream.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.registry.ModelRegistry;
import io.digitstream.classifier.registry.RegistryConfig;
import io.digitstream.classifier.registry.RegistryRecords;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.lab.evaluate.Evaluation;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.tools.publish.Pacer;
import io.digitstream.verify.OutputLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Hot swaps under load: images at a steady rate through two service instances in their own JVMs while the model
 * registry promotes a model, refuses a corrupt release, serves the repaired one and rolls back (optionally killing one
 * instance with SIGKILL just after the first promotion and restarting it). Then a read_committed verifier checks
 * conservation, and every prediction against the offline classification by the version it names; the latency of the
 * images sent while a swap went on is compared with the latency before any.
 */
public final class SwapBenchmark {

    /** After a swap is served everywhere, images of this long still count as sent "during" it. */
    static final Duration SWAP_TAIL = Duration.ofSeconds(2);
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

    /** The models the run swaps between: the file model the instances start with, then two others. */
    public record Models(Path start, Path promoted, Path repaired) {
    }

    public record Result(int inputs, int predictions, int deadLetters, int lost, int duplicated, int unexpected,
            int swaps, long refusals, Map<String, Long> versions, int mismatches, List<Long> swapMillis,
            long swapP99Millis, long baselineP99Millis, int kills, double seconds) {

        public boolean holds() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && inputs == predictions + deadLetters
                    && mismatches == 0 && refusals > 0 && versions.size() >= 2;
        }

        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("inputs", inputs);
            json.put("predictions", predictions);
            json.put("deadLetters", deadLetters);
            json.put("lost", lost);
            json.put("duplicated", duplicated);
            json.put("unexpected", unexpected);
            json.put("swaps", swaps);
            json.put("refusals", refusals);
            json.put("versions", versions);
            json.put("mismatchesWithOffline", mismatches);
            json.put("swapMillis", swapMillis);
            json.put("swapP99Millis", swapP99Millis);
            json.put("baselineP99Millis", baselineP99Millis);
            json.put("kills", kills);
            json.put("seconds", Math.round(seconds * 10) / 10.0);
            json.put("conserved", holds());
            return json;
        }
    }

    private final Models models;
    private final LabeledImages source;
    private final Path workDir;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public SwapBenchmark(Models models, LabeledImages source, Path workDir, PrintStream progress) {
        this.models = models;
        this.source = source;
        this.workDir = workDir;
        this.progress = progress;
    }

    /**
     * @param minImages at least this many images; more when the swaps take longer than they last at {@code rate}
     * @param kill      SIGKILL one instance just after the first promotion, and restart it
     */
    public Result run(int minImages, double rate, boolean kill) throws Exception {
        long started = System.nanoTime();
        Topics topics = Topics.withPrefix("swap");
        RegistryConfig registryConfig = new RegistryConfig("swap-models", RegistryConfig.DEFAULT_MAX_RECORD_BYTES,
                Optional.empty(), true);
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            kafka.createTopics(topics.all(), 6, (short) 1);
            try (Admin admin = kafka.admin()) {
                ModelRegistry.createTopic(admin, registryConfig, (short) 1);
            }
            int[] ports = {freePort(), freePort()};
            ServiceProcess[] instances = {start(kafka, topics, registryConfig, 0, ports[0]),
                    start(kafka, topics, registryConfig, 1, ports[1])};
            for (ServiceProcess instance : instances) {
                if (!instance.awaitRunning(Duration.ofSeconds(180))) {
                    throw new IllegalStateException("a service instance did not start; logs in " + workDir);
                }
            }
            Map<String, DigitImage> sent = new ConcurrentHashMap<>();
            AtomicBoolean swapsDone = new AtomicBoolean();
            AtomicReference<Throwable> publishFailure = new AtomicReference<>();
            Thread publisher = new Thread(() -> publish(kafka, topics, minImages, rate, swapsDone, sent, publishFailure),
                    "swap-publisher");
            publisher.start();

            List<Long> swapMillis = new ArrayList<>();
            List<Instant[]> swapWindows = new ArrayList<>();
            int kills = 0;
            long refusals;
            Instant firstSwap;
            DigitModel start = DigitModel.load(models.start());
            DigitModel promoted = DigitModel.load(models.promoted());
            DigitModel repaired = DigitModel.load(models.repaired());
            // Instances report, and predictions name, the version of the engine serving a model (onnx-int8: -int8).
            Map<DigitModel, InferenceEngine> served = servedEngines(workDir.resolve("swap-0.properties"),
                    List.of(start, promoted, repaired));
            try (ModelRegistry registry = new ModelRegistry(client(kafka), registryConfig, Clock.systemUTC())) {
                Thread.sleep(Duration.ofSeconds(5).toMillis()); // the baseline: before any swap
                registry.publish(RegistryRecords.release(models.start(), "bench", Instant.now()),
                        ModelRegistry.promote(start.version()), null, STEP_TIMEOUT);

                // 1. promote, perhaps with an instance killed and restarted meanwhile
                firstSwap = Instant.now();
                registry.publish(RegistryRecords.release(models.promoted(), "bench", Instant.now()), null);
                registry.changeRoles(ModelRegistry.promote(promoted.version()), null, STEP_TIMEOUT);
                if (kill) {
                    instances[1].kill();
                    kills++;
                    progress.println("  SIGKILL instance 1 during the promotion of " + promoted.version());
                    Thread.sleep(1000);
                    instances[1] = start(kafka, topics, registryConfig, 1, ports[1]);
                    if (!instances[1].awaitRunning(Duration.ofSeconds(180))) {
                        throw new IllegalStateException("instance 1 did not restart; logs in " + workDir);
                    }
                }
                awaitServing(ports, served.get(promoted).version(), firstSwap, swapMillis, swapWindows);

                // 2. a corrupt release of the next version is refused everywhere; the promoted one keeps serving
                ModelRelease corrupt = RegistryRecords.release(models.repaired(), "bench", Instant.now());
                byte[] bytes = new byte[corrupt.getModelBytes().remaining()];
                corrupt.getModelBytes().duplicate().get(bytes);
                bytes[bytes.length / 2] ^= 0x10;
                corrupt.setModelBytes(ByteBuffer.wrap(bytes));
                Map<Integer, Long> before = refusalsByPort(ports);
                registry.publish(corrupt, null);
                registry.changeRoles(ModelRegistry.promote(repaired.version()), null, STEP_TIMEOUT);
                await(ports, (port, status) -> status.get("refusals").asLong() > before.get(port),
                        "the corrupt release refused by every instance");
                for (int port : ports) {
                    JsonNode status = models(port);
                    if (!status.get("champion").get("version").asText().equals(served.get(promoted).version())) {
                        throw new IllegalStateException("an instance stopped serving " + promoted.version()
                                + " after a corrupt release: " + status);
                    }
                }
                progress.println("  corrupt release of " + repaired.version() + " refused by both instances");

                // 3. the repaired release: the roles already name it
                Instant repairing = Instant.now();
                registry.publish(RegistryRecords.release(models.repaired(), "bench", Instant.now()), null);
                awaitServing(ports, served.get(repaired).version(), repairing, swapMillis, swapWindows);

                // 4. roll back
                Instant rollingBack = Instant.now();
                registry.changeRoles(ModelRegistry.rollback(), null, STEP_TIMEOUT);
                awaitServing(ports, served.get(promoted).version(), rollingBack, swapMillis, swapWindows);
                refusals = 0;
                for (int port : ports) {
                    refusals += models(port).get("refusals").asLong();
                }
            } finally {
                swapsDone.set(true);
                publisher.join();
            }
            if (publishFailure.get() != null) {
                throw new IllegalStateException("publishing failed", publishFailure.get());
            }
            try (OutputLedger ledger = new OutputLedger(client(kafka), topics)) {
                ledger.awaitOutputs(sent.size(), Duration.ofMinutes(5), () -> { });
                ledger.poll(Duration.ofSeconds(2)); // anything duplicated just behind the last expected output
                OutputLedger.Conservation c = ledger.check(sent.keySet());
                for (ServiceProcess instance : instances) {
                    instance.close();
                }
                Map<String, InferenceEngine> byVersion = new TreeMap<>();
                served.values().forEach(engine -> byVersion.put(engine.version(), engine));
                Map<String, Long> versions = new TreeMap<>();
                ledger.predictions().values().forEach(p -> versions.merge(p.getModelVersion(), 1L, Long::sum));
                int mismatches = mismatches(sent, ledger.predictions(), byVersion);
                List<Long> baseline = new ArrayList<>();
                List<Long> during = new ArrayList<>();
                for (Prediction p : ledger.predictions().values()) {
                    long latency = p.getClassificationTime().toEpochMilli() - p.getCaptureTime().toEpochMilli();
                    if (p.getCaptureTime().isBefore(firstSwap)) {
                        baseline.add(latency);
                    } else if (swapWindows.stream().anyMatch(w -> !p.getCaptureTime().isBefore(w[0])
                            && p.getCaptureTime().isBefore(w[1]))) {
                        during.add(latency);
                    }
                }
                return new Result(c.inputs(), c.predictions(), c.deadLetters(), c.lost(), c.duplicated(), c.unexpected(),
                        swapMillis.size(), refusals, versions, mismatches, swapMillis, p99(during), p99(baseline), kills,
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** Waits until every instance serves {@code version}; records the time since {@code since} and the swap window. */
    private void awaitServing(int[] ports, String version, Instant since, List<Long> swapMillis, List<Instant[]> windows)
            throws Exception {
        await(ports, (port, status) -> status.get("champion").get("version").asText().equals(version),
                "every instance serving " + version);
        Instant done = Instant.now();
        long millis = Duration.between(since, done).toMillis();
        swapMillis.add(millis);
        windows.add(new Instant[] {since, done.plus(SWAP_TAIL)});
        progress.printf("  %s served by both instances %d ms after the registry said so%n", version, millis);
    }

    private void await(int[] ports, BiPredicate<Integer, JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        for (int port : ports) {
            while (true) {
                JsonNode models = modelsOrNull(port);
                if (models != null && condition.test(port, models)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out waiting for " + what + "; port " + port + " answers "
                            + models + "; logs in " + workDir);
                }
                Thread.sleep(50);
            }
        }
    }

    private Map<Integer, Long> refusalsByPort(int[] ports) throws Exception {
        Map<Integer, Long> refusals = new ConcurrentHashMap<>();
        for (int port : ports) {
            refusals.put(port, models(port).get("refusals").asLong());
        }
        return refusals;
    }

    private JsonNode models(int port) throws Exception {
        JsonNode models = modelsOrNull(port);
        if (models == null) {
            throw new IllegalStateException("instance on port " + port + " does not answer /models");
        }
        return models;
    }

    /** The instance's /models, or null while it does not answer (starting). */
    private JsonNode modelsOrNull(int port) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** At {@code rate} until the swaps are done and at least {@code minImages} are sent. */
    private void publish(EmbeddedKafka kafka, Topics topics, int minImages, double rate, AtomicBoolean swapsDone,
            Map<String, DigitImage> sent, AtomicReference<Throwable> failure) {
        Properties properties = client(kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Pacer pacer = new Pacer(rate);
            for (int i = 0; i < minImages || !swapsDone.get(); i++) {
                pacer.awaitTurn(i);
                DigitImage image = DigitRecords.gray8(source, i % source.count(), "swap", "scanner-" + (i % 3),
                        DigitRecords.captureTimeNow(), true);
                image.setId("swap-" + i);
                sent.put(image.getId(), image);
                producer.send(new ProducerRecord<>(topics.images(), image.getId().getBytes(),
                        ContractSerdes.digitImage().serialize(topics.images(), image)));
                if (i > 0 && i % 2000 == 0) {
                    progress.printf("  published %,d%n", i);
                }
            }
            producer.flush();
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /**
     * Each model opened on the engine the service started with {@code config} runs, as the service opens a release
     * ({@code digits.engine=auto}: onnx-int8 where ONNX Runtime is, whose version is {@code <version>-int8}).
     */
    private static Map<DigitModel, InferenceEngine> servedEngines(Path config, List<DigitModel> models)
            throws IOException {
        ServiceConfig service = ServiceProcess.config(config);
        Map<DigitModel, InferenceEngine> served = new java.util.IdentityHashMap<>();
        for (DigitModel model : models) {
            served.put(model, Engines.open(service.engine(), model, service.engineSettings()));
        }
        return served;
    }

    /** Predictions whose digit differs from the offline classification by the version they name (unknown versions too). */
    private static int mismatches(Map<String, DigitImage> sent, Map<String, Prediction> streamed,
            Map<String, InferenceEngine> byVersion) {
        int mismatches = 0;
        Map<String, List<DigitImage>> imagesByVersion = new TreeMap<>();
        for (Prediction p : streamed.values()) {
            if (!byVersion.containsKey(p.getModelVersion())) {
                mismatches++;
            } else {
                imagesByVersion.computeIfAbsent(p.getModelVersion(), v -> new ArrayList<>()).add(sent.get(p.getId()));
            }
        }
        for (Map.Entry<String, List<DigitImage>> entry : imagesByVersion.entrySet()) {
            Evaluation offline = new Evaluation(new RecordClassifier(ImagePipeline.withDefaults(),
                    byVersion.get(entry.getKey()), Clock.systemUTC()));
            offline.addAll(entry.getValue());
            for (Prediction expected : offline.predictions()) {
                if (streamed.get(expected.getId()).getDigit() != expected.getDigit()) {
                    mismatches++;
                }
            }
            mismatches += entry.getValue().size() - offline.predictions().size();
        }
        return mismatches;
    }

    static long p99(List<Long> latencies) {
        if (latencies.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    }

    private ServiceProcess start(EmbeddedKafka kafka, Topics topics, RegistryConfig registry, int instance, int httpPort)
            throws IOException {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "swap");
        // A killed instance keeps its partitions until its session times out; keep that short.
        config.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
        config.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), "1500");
        config.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state-" + instance).toString());
        config.put(ServiceConfig.MODEL.name(), models.start().toAbsolutePath().toString());
        config.put(RegistryConfig.TOPIC.name(), registry.topic());
        config.putAll(topics.asConfig());
        config.put(HttpConfig.PORT.name(), Integer.toString(httpPort));
        Path file = workDir.resolve("swap-" + instance + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            config.store(out, "digits bench swap, instance " + instance);
        }
        return ServiceProcess.start(file, workDir.resolve("swap-" + instance + ".log"), "768m");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Properties client(EmbeddedKafka kafka) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return properties;
    }
}
