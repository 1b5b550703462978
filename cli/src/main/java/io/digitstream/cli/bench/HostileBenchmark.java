package io.digitstream.cli.bench;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.cli.bench.HostileRecords.Outgoing;
import io.digitstream.config.Topics;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.lab.evaluate.Evaluation;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.tools.verify.InputCensus;
import io.digitstream.verify.InputRecord;
import io.digitstream.verify.OutputLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The hostile-record campaign of {@code bench hostile}: the real {@code serve} in its own JVM on a single-node broker,
 * good labeled MNIST images interleaved with the records of the {@link HostileKind} catalogue, sent to every topic the
 * service reads. It passes only when, within the deadline, every record of the images topic has exactly one output
 * (counted as records: {@link OutputLedger#checkRecords}), no partition the service reads stays behind
 * ({@link ConsumerLag}), no stream thread was replaced, and the good images are classified as well as offline.
 *
 * <p>The broker accepts records of up to {@link #BROKER_MAX_BYTES}, more than the service's producer may write
 * ({@code max.request.size}, 1 MiB), as a broker set up for large records would: the service must cope with inputs
 * larger than its own outputs may be.
 */
public final class HostileBenchmark {

    static final int BROKER_MAX_BYTES = 8 * 1024 * 1024;
    private static final String APPLICATION_ID = "hostile-bench";
    /** The line the service logs when its uncaught-exception handler replaces a stream thread. */
    private static final String THREAD_REPLACED_LOG = "stream thread failed";
    /** Kafka Streams' client metric as the service's /metrics exports it. */
    private static final String FAILED_THREADS_METRIC = "kafka_stream_failed_stream_threads_total";
    /** How much worse than offline the good images may be classified: none of a thousand. */
    private static final double ACCURACY_TOLERANCE = 0.001;

    /**
     * @param hostile  hostile records (all kinds, in seeded order; the heavy kinds a third as often as the others)
     * @param good     good labeled MNIST images among them
     * @param deadline from the last record sent, for every output to arrive and every partition to be consumed
     * @param kinds    the kinds of the catalogue to send (all, for the campaign proper)
     */
    public record Settings(int hostile, int good, long seed, Duration deadline, int partitions, Set<HostileKind> kinds) {
        public Settings {
            if (kinds.isEmpty() && hostile > 0) {
                throw new IllegalArgumentException("no kinds of hostile record to send");
            }
        }

        /** The whole catalogue. */
        public Settings(int hostile, int good, long seed, Duration deadline, int partitions) {
            this(hostile, good, seed, deadline, partitions, EnumSet.allOf(HostileKind.class));
        }
    }

    private final Path modelFile;
    private final LabeledImages digits;
    private final Path workDir;
    private final PrintStream progress;

    public HostileBenchmark(Path modelFile, LabeledImages digits, Path workDir, PrintStream progress) {
        this.modelFile = modelFile;
        this.digits = digits;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** @return the report; {@code passed} says whether the service met the contract */
    public Map<String, Object> run(Settings settings) throws Exception {
        Topics topics = Topics.withPrefix("hostile");
        Path log = workDir.resolve("service.log");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1, Map.of("message.max.bytes", String.valueOf(BROKER_MAX_BYTES)))) {
            kafka.createTopics(topics.all(), settings.partitions(), (short) 1);
            int httpPort = freePort();
            Path config = serviceConfig(kafka, topics, httpPort);
            try (ServiceProcess service = ServiceProcess.start(config, log, "1g")) {
                if (!service.awaitRunning(Duration.ofSeconds(180))) {
                    throw new IllegalStateException("the service did not start; its log: " + log);
                }
                progress.printf("bench hostile: %,d hostile records of %d kinds among %,d good images, seed %d%n",
                        settings.hostile(), settings.kinds().size(), settings.good(), settings.seed());
                Campaign campaign = publish(kafka, topics, settings);
                long deadline = System.nanoTime() + settings.deadline().toNanos();
                long sentAt = System.nanoTime();
                List<InputRecord> inputs = InputCensus.read(client(kafka), topics.images(), Duration.ofMinutes(5)).records();
                progress.printf("bench hostile: %,d records in the images topic; waiting up to %d s for their outputs%n",
                        inputs.size(), settings.deadline().toSeconds());

                Map<String, Object> json = new LinkedHashMap<>();
                try (OutputLedger ledger = new OutputLedger(client(kafka), topics);
                        ConsumerLag lag = new ConsumerLag(client(kafka))) {
                    Outputs outputs = new Outputs();
                    ledger.onPrediction(outputs::add);
                    ledger.onDeadLetter(outputs::add);
                    AtomicInteger lastReport = new AtomicInteger();
                    boolean complete = ledger.awaitOutputs(inputs.size(), remaining(deadline), () -> {
                        int seconds = (int) ((System.nanoTime() - sentAt) / 1_000_000_000L);
                        if (seconds / 15 > lastReport.get()) {
                            lastReport.set(seconds / 15);
                            progress.printf("  %d s: %,d of %,d outputs%n", seconds, ledger.outputs(), inputs.size());
                        }
                    });
                    double drainSeconds = (System.nanoTime() - sentAt) / 1e9;
                    ledger.poll(Duration.ofSeconds(2)); // anything duplicated just behind the last expected output
                    List<String> read = List.of(topics.images(), topics.labels(), topics.predictions(), topics.deadLetters());
                    Map<String, Integer> stalled = lag.behind(APPLICATION_ID, read, Duration.ofSeconds(30));
                    while (!stalled.isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(1000);
                        stalled = lag.behind(APPLICATION_ID, read, Duration.ofSeconds(30));
                    }
                    ledger.readToEnd(Duration.ofSeconds(60));
                    OutputLedger.Conservation conservation = ledger.checkRecords(inputs);

                    json.put("inputs", conservation.inputs());
                    json.put("predictions", conservation.predictions());
                    json.put("deadLetters", conservation.deadLetters());
                    json.put("lost", conservation.lost());
                    json.put("duplicated", conservation.duplicated());
                    json.put("unexpected", conservation.unexpected());
                    json.put("stalledPartitions", stalled.size());
                    json.put("stalled", stalled);
                    threadReplacements(json, httpPort, log);
                    goodImages(json, config, campaign, ledger.predictions(), outputs);
                    json.put("hostileRecords", campaign.hostile());
                    json.put("sideTopicRecords", campaign.side());
                    json.put("sideDeadLetters", ledger.sideDeadLetters());
                    json.put("foreignRecordsInOutputTopics", ledger.foreign());
                    json.put("refusedByBroker", campaign.refused);
                    json.put("allOutputsWithinDeadline", complete);
                    json.put("drainSeconds", drainSeconds);
                    json.put("deadlineSeconds", settings.deadline().toSeconds());
                    json.put("readyStatusAtEnd", status(httpPort, "/health/ready"));
                    json.put("serviceAlive", service.isAlive());
                    Map<String, Map<String, Object>> kinds = kinds(campaign, inputs, outputs);
                    json.put("failingKinds", kinds.entrySet().stream()
                            .filter(kind -> (int) kind.getValue().getOrDefault("lost", 0) > 0
                                    || (int) kind.getValue().getOrDefault("duplicated", 0) > 0)
                            .map(Map.Entry::getKey).toList());
                    json.put("kindCount", settings.kinds().size());
                    json.put("kinds", kinds);
                }
                json.put("seed", settings.seed());
                json.put("partitions", settings.partitions());
                json.put("passed", passed(json, conservationHolds(json)));
                json.put("logs", workDir.toString());
                return json;
            }
        }
    }

    private static boolean conservationHolds(Map<String, Object> json) {
        return (int) json.get("lost") == 0 && (int) json.get("duplicated") == 0 && (int) json.get("unexpected") == 0
                && (int) json.get("inputs") == (int) json.get("predictions") + (int) json.get("deadLetters");
    }

    private static boolean passed(Map<String, Object> json, boolean conserved) {
        return conserved && (boolean) json.get("allOutputsWithinDeadline") && (int) json.get("stalledPartitions") == 0
                && (int) json.get("threadReplacements") == 0 && (boolean) json.get("serviceAlive")
                && (double) json.get("goodAccuracy") >= (double) json.get("offlineGoodAccuracy") - ACCURACY_TOLERANCE;
    }

    /** What was sent: each record's kind by where it landed, and the good images. */
    private static final class Campaign {
        final Map<String, HostileKind> kindAt = new ConcurrentHashMap<>();
        final Map<String, DigitImage> goodAt = new ConcurrentHashMap<>();
        final Map<HostileKind, AtomicInteger> sent = new ConcurrentHashMap<>();
        final Map<String, Integer> refused = new ConcurrentHashMap<>();

        void sent(Outgoing record, String topic, int partition, long offset) {
            String at = position(topic, partition, offset);
            if (record.kind() == null) {
                goodAt.put(at, ContractSerdes.digitImage().deserialize(topic, record.value()));
            } else {
                kindAt.put(at, record.kind());
                sent.computeIfAbsent(record.kind(), k -> new AtomicInteger()).incrementAndGet();
            }
        }

        void refused(Outgoing record, Exception e) {
            refused.merge((record.kind() == null ? "good" : record.kind().jsonName()) + ": " + e.getClass().getSimpleName(),
                    1, Integer::sum);
        }

        int hostile() {
            return kindAt.size();
        }

        int side() {
            return (int) kindAt.values().stream().filter(kind -> kind.target != HostileKind.Target.IMAGES).count();
        }
    }

    /** The outputs as read: dead letters by the position they name, predictions by id. */
    private static final class Outputs {
        final Map<String, Integer> deadLettersAt = new HashMap<>();
        final Map<String, Integer> predictionsById = new HashMap<>();

        void add(Prediction prediction) {
            predictionsById.merge(prediction.getId(), 1, Integer::sum);
        }

        void add(DeadLetter deadLetter) {
            deadLettersAt.merge(position(deadLetter.getTopic(), deadLetter.getPartition(), deadLetter.getOffset()), 1,
                    Integer::sum);
        }
    }

    private static String position(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private Campaign publish(EmbeddedKafka kafka, Topics topics, Settings settings) throws InterruptedException {
        HostileRecords records = new HostileRecords(digits, topics, settings.seed());
        List<HostileKind> schedule = schedule(settings.kinds(), settings.hostile(), settings.good(),
                new SplittableRandom(settings.seed()));
        Campaign campaign = new Campaign();
        try (KafkaProducer<byte[], byte[]> plain = producer(kafka, "none");
                KafkaProducer<byte[], byte[]> gzip = producer(kafka, "gzip")) {
            for (int n = 0; n < schedule.size(); n++) {
                HostileKind kind = schedule.get(n);
                Outgoing record = kind == null ? records.good(n) : records.hostile(kind, n);
                if (record.timestamp() != null && record.timestamp() < 0) {
                    sendRaw(kafka, campaign, record, n % settings.partitions());
                } else {
                    KafkaProducer<byte[], byte[]> producer = kind != null && kind.compressed() ? gzip : plain;
                    producer.send(new ProducerRecord<>(record.topic(), null, record.timestamp(), record.key(),
                            record.value()), (metadata, e) -> {
                                if (e == null) {
                                    campaign.sent(record, metadata.topic(), metadata.partition(), metadata.offset());
                                } else {
                                    campaign.refused(record, e);
                                }
                            });
                }
                if ((n + 1) % 1000 == 0) {
                    progress.printf("  sent %,d/%,d%n", n + 1, schedule.size());
                }
            }
            plain.flush();
            gzip.flush();
        }
        return campaign;
    }

    /** A record the Java producer refuses to write (a negative timestamp), written as another client would. */
    private static void sendRaw(EmbeddedKafka kafka, Campaign campaign, Outgoing record, int partition) {
        try {
            long offset = RawProduce.send(kafka.bootstrapServers().split(",")[0], record.topic(), partition, record.key(),
                    record.value(), record.timestamp());
            campaign.sent(record, record.topic(), partition, offset);
        } catch (IOException e) {
            campaign.refused(record, e);
        }
    }

    /**
     * The order of the campaign, null for a good image: rounds of every kind (heavy ones once, the others three
     * times), each round shuffled, cut at {@code hostile} records; the good images spread evenly among them.
     */
    static List<HostileKind> schedule(Set<HostileKind> kinds, int hostile, int good, SplittableRandom random) {
        List<HostileKind> round = new ArrayList<>();
        for (HostileKind kind : kinds) {
            for (int i = 0; i < (kind.heavy ? 1 : 3); i++) {
                round.add(kind);
            }
        }
        List<HostileKind> bad = new ArrayList<>(hostile);
        while (bad.size() < hostile) {
            List<HostileKind> shuffled = new ArrayList<>(round);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                Collections.swap(shuffled, i, random.nextInt(i + 1));
            }
            bad.addAll(shuffled.subList(0, Math.min(shuffled.size(), hostile - bad.size())));
        }
        int total = hostile + good;
        List<HostileKind> schedule = new ArrayList<>(total);
        int next = 0;
        for (long i = 0; i < total; i++) {
            boolean isGood = (i + 1) * good / total > i * good / total;
            schedule.add(isGood ? null : bad.get(next++));
        }
        return schedule;
    }

    /**
     * Per kind: records sent and, for the images topic, how many ended as a prediction or a dead letter, were lost or
     * duplicated (predictions are matched per id, in the order the records were sent); for the other topics, the dead
     * letters that name their records.
     */
    private static Map<String, Map<String, Object>> kinds(Campaign campaign, List<InputRecord> inputs, Outputs outputs) {
        Map<HostileKind, Map<String, Integer>> counts = new EnumMap<>(HostileKind.class);
        Map<String, Integer> good = new TreeMap<>();
        Map<String, List<String>> awaitingPrediction = new LinkedHashMap<>(); // id -> positions, in order
        for (InputRecord input : inputs) {
            String at = position(input.topic(), input.partition(), input.offset());
            Map<String, Integer> kind = countsOf(at, campaign, counts, good);
            int letters = outputs.deadLettersAt.getOrDefault(at, 0);
            if (letters > 0) {
                kind.merge("deadLetters", 1, Integer::sum);
                kind.merge("duplicated", letters - 1, Integer::sum);
            } else {
                awaitingPrediction.computeIfAbsent(input.id(), id -> new ArrayList<>()).add(at);
            }
        }
        awaitingPrediction.forEach((id, positions) -> {
            int predicted = outputs.predictionsById.getOrDefault(id, 0);
            for (int i = 0; i < positions.size(); i++) {
                countsOf(positions.get(i), campaign, counts, good).merge(i < predicted ? "predictions" : "lost", 1,
                        Integer::sum);
            }
            if (predicted > positions.size()) {
                countsOf(positions.get(positions.size() - 1), campaign, counts, good)
                        .merge("duplicated", predicted - positions.size(), Integer::sum);
            }
        });
        campaign.kindAt.forEach((at, kind) -> {
            if (kind.target != HostileKind.Target.IMAGES) {
                counts.computeIfAbsent(kind, k -> new TreeMap<>())
                        .merge("deadLetters", outputs.deadLettersAt.getOrDefault(at, 0), Integer::sum);
            }
        });
        Map<String, Map<String, Object>> json = new LinkedHashMap<>();
        Map<String, Object> goodJson = new LinkedHashMap<>(good);
        goodJson.put("topic", "images");
        goodJson.put("sent", campaign.goodAt.size());
        json.put("good", goodJson);
        for (HostileKind kind : HostileKind.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("topic", kind.target.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            AtomicInteger sent = campaign.sent.get(kind);
            entry.put("sent", sent == null ? 0 : sent.get());
            entry.putAll(counts.getOrDefault(kind, Map.of()));
            json.put(kind.jsonName(), entry);
        }
        return json;
    }

    private static Map<String, Integer> countsOf(String at, Campaign campaign, Map<HostileKind, Map<String, Integer>> counts,
            Map<String, Integer> good) {
        HostileKind kind = campaign.kindAt.get(at);
        return kind == null ? good : counts.computeIfAbsent(kind, k -> new TreeMap<>());
    }

    /**
     * The good images' accuracy in the stream (a dead-lettered one counts as an error) and offline, with the models and
     * engine the service runs (read from its {@code config}).
     */
    private void goodImages(Map<String, Object> json, Path config, Campaign campaign, Map<String, Prediction> predictions,
            Outputs outputs) throws IOException {
        List<DigitImage> images = new ArrayList<>(campaign.goodAt.values());
        long correct = images.stream().filter(image -> {
            Prediction p = predictions.get(image.getId());
            return p != null && p.getDigit() == image.getLabel();
        }).count();
        long deadLettered = campaign.goodAt.keySet().stream().filter(outputs.deadLettersAt::containsKey).count();
        Evaluation offline = new Evaluation(new RecordClassifier(ImagePipeline.withDefaults(),
                ClassifierService.loadModels(ServiceProcess.config(config)), Clock.systemUTC()));
        offline.addAll(images);
        long offlineCorrect = offline.predictions().stream().filter(p -> p.getLabel() != null && p.getDigit() == p.getLabel())
                .count();
        json.put("goodImages", images.size());
        json.put("goodAccuracy", images.isEmpty() ? 1.0 : (double) correct / images.size());
        json.put("offlineGoodAccuracy", images.isEmpty() ? 1.0 : (double) offlineCorrect / images.size());
        json.put("goodDeadLettered", deadLettered);
    }

    /**
     * Stream threads replaced after a failure: the most of what the service's log says (its uncaught-exception
     * handler logs each replacement) and what its /metrics says (Kafka Streams' failed-stream-threads, and any
     * metric of the service named for thread replacements).
     */
    private static void threadReplacements(Map<String, Object> json, int httpPort, Path log) throws IOException {
        int fromLog;
        try (Stream<String> lines = Files.lines(log)) {
            fromLog = (int) lines.filter(line -> line.contains(THREAD_REPLACED_LOG)).count();
        }
        Map<String, Double> metrics = new TreeMap<>();
        String text = get(httpPort, "/metrics");
        if (text != null) {
            for (String line : text.split("\n")) {
                String name = line.split("[{ ]", 2)[0];
                if (!line.startsWith("#") && (name.equals(FAILED_THREADS_METRIC) || name.contains("thread_replace"))) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    metrics.merge(name, value, Double::sum);
                }
            }
        }
        int fromMetrics = (int) metrics.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        json.put("threadReplacements", Math.max(fromLog, fromMetrics));
        json.put("threadReplacementsInLog", fromLog);
        json.put("threadReplacementMetrics", metrics);
    }

    private static String get(int port, String path) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                            .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The HTTP status of {@code path}; -1 when the service does not answer. */
    private static int status(int port, String path) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Path serviceConfig(EmbeddedKafka kafka, Topics topics, int httpPort) throws IOException {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state").toString());
        config.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                String.valueOf(HostileRecords.MAX_REQUEST_SIZE));
        config.put(ServiceConfig.MODEL.name(), modelFile.toAbsolutePath().toString());
        config.putAll(topics.asConfig());
        config.put(HttpConfig.PORT.name(), String.valueOf(httpPort));
        Path file = workDir.resolve("service.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            config.store(out, "digits bench hostile service");
        }
        return file;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka, String compression) {
        Properties properties = client(kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(BROKER_MAX_BYTES));
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(4L * BROKER_MAX_BYTES));
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Properties client(EmbeddedKafka kafka) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return properties;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
