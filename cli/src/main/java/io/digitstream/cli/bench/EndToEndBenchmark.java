package io.digitstream.cli.bench;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.Engines;
import io.digitstream.schemas.DigitImage;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.verify.OutputLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole path on one machine: an in-JVM KRaft broker, this JVM publishing, the service in its own JVM with
 * exactly-once, and a read_committed reader timing each prediction from the capture time its image carries to the
 * moment the prediction is visible. First the batched service at full speed (unpaced: that capture time is the actual
 * send), which measures the maximum; then the paced phases of a {@link RateSweep} (the half rate at least), each image
 * stamped with its scheduled send time (see {@link ScheduledSends}); then the per-record baseline (batch size 1) on its
 * own topics. The batched runs classify on the chosen engine ({@code digits.engine}); the baseline always on DL4J,
 * record by record, as the issue defines it. Conservation is checked over each service's whole run.
 */
public final class EndToEndBenchmark {

    /** Where a phase's latencies start: the send of an unpaced phase, the schedule of a paced one. */
    static final String FROM_SEND = "sendTime";
    static final String FROM_SCHEDULE = "scheduledSendTime";
    /** Application ids of the two services. */
    private static final String BATCHED = "bench-batched";
    private static final String PER_RECORD = "bench-per-record";
    /** The longest wait for a service to consume all that came before a paced phase. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
    /** Hot methods listed per role in a profile. */
    private static final int PROFILE_TOP = 12;

    /** What one phase measured; {@code seconds} from its start to its last output. */
    record Phase(String rate, double targetRate, int images, double seconds, double sendSeconds,
            LatencyHistogram latencies) {

        double achievedRate() {
            return latencies.count() / seconds;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rate", rate);
            json.put("targetRate", targetRate);
            json.put("achievedRate", achievedRate());
            json.put("sentRate", images / sendSeconds);
            json.put("images", images);
            json.put("seconds", seconds);
            json.put("drainSeconds", Math.max(0, seconds - sendSeconds));
            json.putAll(latencies.percentiles());
            json.put("latencyFrom", targetRate > 0 ? FROM_SCHEDULE : FROM_SEND);
            return json;
        }
    }

    private final Path model;
    private final LabeledImages source;
    private final Path workDir;
    private final PrintStream progress;
    private final int partitions;
    private final int batchSize;
    private final int batchDelayMs;
    private final int streamThreads;
    private final String engine;
    private final BenchClock clock = new BenchClock();
    /** Where flight recordings and their summary go; null: no profile. */
    private Path profileDir;
    /** Set by the user over the bench's own: the batched service's properties, the image producer's. */
    private Map<String, String> serviceProperties = Map.of();
    private Map<String, String> producerProperties = Map.of();
    private List<String> serviceJvmOptions = List.of();

    /** @param engine {@code digits.engine} of the batched service ({@code dl4j}, {@code onnx}, {@code onnx-int8}) */
    public EndToEndBenchmark(Path model, LabeledImages source, Path workDir, PrintStream progress, int partitions,
            int batchSize, int batchDelayMs, int streamThreads, String engine) {
        this.engine = engine;
        this.model = model;
        this.source = source;
        this.workDir = workDir;
        this.progress = progress;
        this.partitions = partitions;
        this.batchSize = batchSize;
        this.batchDelayMs = batchDelayMs;
        this.streamThreads = streamThreads;
    }

    /**
     * Records the batched service's JVM and this one (broker, producer, reader) with the JDK Flight Recorder into
     * {@code dir}, and summarizes where each spent its CPU during the full-speed phase.
     */
    public EndToEndBenchmark profileInto(Path dir) {
        this.profileDir = dir;
        return this;
    }

    /** Properties of the batched service and of the image producer, over the bench's own. */
    public EndToEndBenchmark withProperties(Map<String, String> service, Map<String, String> producer) {
        this.serviceProperties = Map.copyOf(service);
        this.producerProperties = Map.copyOf(producer);
        return this;
    }

    /** Options of the batched service's JVM, after the bench's own. */
    public EndToEndBenchmark withServiceJvmOptions(List<String> options) {
        this.serviceJvmOptions = List.copyOf(options);
        return this;
    }

    public Map<String, Object> run(int images, int baselineImages, RateSweep sweep) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Topics batchedTopics = Topics.withPrefix("bench");
            Topics baselineTopics = Topics.withPrefix("baseline");
            kafka.createTopics(batchedTopics.all(), partitions, (short) 1);
            kafka.createTopics(baselineTopics.all(), partitions, (short) 1);

            Phase full;
            double serviceCpuPerImage;
            double benchCpuPerImage;
            List<Phase> paced = new ArrayList<>();
            double peakRss;
            OutputLedger.Conservation batched;
            Instant fullStart;
            Instant fullEnd;
            FlightRecording benchRecording = profileDir == null ? null : FlightRecording.start(profileDir.resolve("bench.jfr"));
            try (Traffic traffic = new Traffic(kafka, batchedTopics, BATCHED, producerProperties)) {
                try (ServiceProcess service = startService(kafka, batchedTopics, BATCHED, batchSize, engine)) {
                    progress.printf("bench e2e: %,d images at full speed, micro-batches of %d, engine %s%n", images,
                            batchSize, engine);
                    fullStart = Instant.now();
                    double serviceCpu = service.cpuSeconds();
                    double benchCpu = benchCpuSeconds();
                    full = stream(traffic, "full", "max", images, 0, service);
                    fullEnd = Instant.now();
                    serviceCpuPerImage = (service.cpuSeconds() - serviceCpu) * 1000 / images;
                    benchCpuPerImage = (benchCpuSeconds() - benchCpu) * 1000 / images;
                    double max = full.achievedRate();
                    for (int i = 0; i < sweep.rates().size(); i++) {
                        TargetRate rate = sweep.rates().get(i);
                        int count = rate.images(max, sweep.seconds());
                        traffic.settle(progress);
                        progress.printf("bench e2e: %s: %,d images at %,.0f/s%n", rate.description(), count,
                                rate.perSecond(max));
                        paced.add(stream(traffic, "r" + i, rate.label(), count, rate.perSecond(max), service));
                    }
                    peakRss = service.peakRssMb();
                }
                batched = traffic.conservation();
            } finally {
                if (benchRecording != null) {
                    benchRecording.close();
                }
            }
            Phase baseline;
            OutputLedger.Conservation perRecord;
            try (Traffic traffic = new Traffic(kafka, baselineTopics, PER_RECORD, producerProperties)) {
                try (ServiceProcess service = startService(kafka, baselineTopics, PER_RECORD, 1, Engines.DL4J)) {
                    progress.printf("bench e2e: per-record baseline, %,d images%n", baselineImages);
                    baseline = stream(traffic, "baseline", "max", baselineImages, 0, service);
                }
                perRecord = traffic.conservation();
            }
            Phase half = paced.get(sweep.halfRateIndex());

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("images", full.images());
            json.put("imagesPerSecond", full.achievedRate());
            json.put("baselineImagesPerSecond", baseline.achievedRate());
            json.put("speedup", full.achievedRate() / baseline.achievedRate());
            full.latencies().percentiles().forEach(json::put);
            json.put("latencyFrom", FROM_SEND); // unpaced: no schedule to start from
            // CPU per image at full speed: less sensitive than images/s to other jobs on a shared machine.
            json.put("serviceCpuMillisPerImage", serviceCpuPerImage);
            json.put("brokerProducerReaderCpuMillisPerImage", benchCpuPerImage);
            json.put("halfRateImagesPerSecond", half.achievedRate());
            half.latencies().percentiles().forEach((key, value) -> json.put("halfRate" + capitalized(key), value));
            json.put("halfRateLatencyFrom", FROM_SCHEDULE);
            json.put("peakRssMb", peakRss);
            json.put("exactlyOnce", batched.holds() && perRecord.holds());
            json.put("rates", paced.stream().map(Phase::json).toList());
            json.put("rateSeconds", sweep.seconds());
            json.put("engine", engine);
            json.put("baselineEngine", Engines.DL4J);
            json.put("batchSize", batchSize);
            json.put("batchMaxDelayMs", batchDelayMs);
            json.put("partitions", partitions);
            json.put("streamThreads", streamThreads);
            json.put("lost", batched.lost() + perRecord.lost());
            json.put("duplicated", batched.duplicated() + perRecord.duplicated());
            Map<String, Object> conservation = new LinkedHashMap<>();
            conservation.put("batched", batched);
            conservation.put("baseline", perRecord);
            json.put("conservation", conservation);
            json.put("baselineImages", baseline.images());
            json.put("serviceProperties", serviceProperties);
            json.put("producerProperties", producerProperties);
            json.put("serviceJvmOptions", serviceJvmOptions);
            if (profileDir != null) {
                json.put("profile", profile(fullStart, fullEnd));
            }
            return json;
        }
    }

    /** The two recordings summarized over the full-speed phase; the text also goes to {@code profile.txt}. */
    private Map<String, Object> profile(Instant from, Instant to) throws IOException {
        ProfileSummary service = ProfileSummary.read(profileDir.resolve(BATCHED + ".jfr"), ProfileSummary::serviceRole, from, to);
        ProfileSummary bench = ProfileSummary.read(profileDir.resolve("bench.jfr"), ProfileSummary::benchRole, from, to);
        String text = String.format("bench e2e profile of the full-speed phase (%.1f s), shares of each role's Java samples:%n",
                Duration.between(from, to).toMillis() / 1000.0)
                + service.text("service JVM (" + BATCHED + ".jfr):", PROFILE_TOP)
                + bench.text("bench JVM: broker, producer, reader (bench.jfr):", PROFILE_TOP);
        Files.writeString(profileDir.resolve("profile.txt"), text);
        progress.print(text);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("directory", profileDir.toString());
        json.put("phaseSeconds", Duration.between(from, to).toMillis() / 1000.0);
        json.put("phaseFrom", from.toString());
        json.put("phaseTo", to.toString());
        json.put("service", service.json(PROFILE_TOP));
        json.put("bench", bench.json(PROFILE_TOP));
        return json;
    }

    /** This JVM's CPU time so far: the broker, the producer and the reader, in seconds. */
    private static double benchCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(-1.0);
    }

    private static String capitalized(String key) {
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    private ServiceProcess startService(EmbeddedKafka kafka, Topics topics, String applicationId, int batch, String engine)
            throws IOException, InterruptedException {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve(applicationId + "-state").toString());
        config.put(ServiceConfig.MODEL.name(), model.toAbsolutePath().toString());
        config.put(ServiceConfig.BATCH_SIZE.name(), String.valueOf(batch));
        config.put(ServiceConfig.ENGINE.name(), engine);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(streamThreads));
        config.put(ServiceConfig.BATCH_MAX_DELAY_MS.name(), String.valueOf(batchDelayMs));
        config.putAll(topics.asConfig());
        config.put(HttpConfig.PORT.name(), "0"); // any free port: several instances share this machine
        if (applicationId.equals(BATCHED)) {
            config.putAll(serviceProperties);
        }
        Path file = workDir.resolve(applicationId + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            config.store(out, "digits bench e2e service");
        }
        List<String> jvmOptions = new ArrayList<>();
        if (applicationId.equals(BATCHED)) {
            if (profileDir != null) {
                jvmOptions.addAll(FlightRecording.jvmOptions(profileDir.resolve(applicationId + ".jfr")));
            }
            jvmOptions.addAll(serviceJvmOptions);
        }
        ServiceProcess service = ServiceProcess.start(file, workDir.resolve(applicationId + ".log"), "1g", jvmOptions);
        if (!service.awaitRunning(Duration.ofSeconds(120))) {
            Integer exit = service.exitCode();
            service.kill();
            throw new IllegalStateException("the service did not reach RUNNING" + (exit == null ? "" : " (it exited with " + exit + ")")
                    + "; see " + workDir.resolve(applicationId + ".log"));
        }
        return service;
    }

    private static Properties clients(EmbeddedKafka kafka) {
        Properties clients = new Properties();
        clients.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return clients;
    }

    /**
     * One service's traffic, for its whole run: one producer (so a paced phase does not pay for a producer's start),
     * a read_committed ledger of everything the service commits from before it starts, and every id sent.
     */
    private static final class Traffic implements AutoCloseable {

        final OutputLedger ledger;
        final ImagePublisher publisher;
        final List<String> ids = Collections.synchronizedList(new ArrayList<>());
        private final ConsumerLag lag;
        private final String applicationId;
        private final Topics topics;

        Traffic(EmbeddedKafka kafka, Topics topics, String applicationId, Map<String, String> producerProperties) {
            this.ledger = new OutputLedger(clients(kafka), topics, false);
            Properties producer = clients(kafka);
            producer.putAll(producerProperties);
            this.publisher = new ImagePublisher(producer, topics.images(), topics.labels());
            this.lag = new ConsumerLag(clients(kafka));
            this.applicationId = applicationId;
            this.topics = topics;
        }

        /**
         * Waits until the service has consumed everything sent before, its metrics sub-topology's backlog of
         * predictions included: a paced phase starts on an idle service, not on the previous phase's leftovers.
         */
        void settle(PrintStream progress) throws InterruptedException, java.util.concurrent.ExecutionException,
                java.util.concurrent.TimeoutException {
            long start = System.nanoTime();
            List<String> read = List.of(topics.images(), topics.labels(), topics.predictions(), topics.deadLetters());
            Map<String, Integer> behind = lag.behind(applicationId, read, Duration.ofSeconds(30));
            while (!behind.isEmpty() && System.nanoTime() - start < SETTLE_TIMEOUT.toNanos()) {
                Thread.sleep(200);
                behind = lag.behind(applicationId, read, Duration.ofSeconds(30));
            }
            progress.printf("bench e2e: the service consumed everything sent so far in %.1f s%s%n", (System.nanoTime() - start) / 1e9,
                    behind.isEmpty() ? "" : "; still behind after " + SETTLE_TIMEOUT.toSeconds() + " s: " + behind);
        }

        /** Once the service has stopped: every output it committed against every id sent to it. */
        OutputLedger.Conservation conservation() {
            if (!ledger.readToEnd(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the outputs of " + topics.predictions() + " could not be read to their end");
            }
            return ledger.check(ids);
        }

        @Override
        public void close() {
            publisher.close();
            lag.close();
            ledger.close();
        }
    }

    /**
     * Publishes {@code count} fresh images with ids {@code phase-i} (rate 0 = unthrottled) and times each one's
     * prediction until every image has its output.
     */
    private Phase stream(Traffic traffic, String phase, String rateLabel, int count, double rate, ServiceProcess service)
            throws InterruptedException {
        LatencyHistogram latencies = new LatencyHistogram();
        AtomicInteger deadLetters = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong sentAt = new AtomicLong();
        String prefix = phase + "-";
        OutputLedger ledger = traffic.ledger;
        ImagePublisher publisher = traffic.publisher;
        ledger.onPrediction(p -> {
            if (p.getId().startsWith(prefix)) {
                latencies.recordMicros(clock.micros() - BenchClock.micros(p.getCaptureTime()));
            }
        });
        ledger.onDeadLetter(d -> {
            if (d.getImageId() != null && d.getImageId().startsWith(prefix)) {
                deadLetters.incrementAndGet();
            }
        });
        long start = System.nanoTime();
        Thread producer = new Thread(() -> {
            try {
                ScheduledSends.run(count, rate, clock, (i, stamp) -> image(prefix, i, stamp, traffic.ids),
                        image -> publisher.publish(image, LabelMode.INLINE));
                publisher.flush();
                sentAt.set(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "bench-publisher");
        producer.start();
        long lastProgress = 0;
        while (latencies.count() + deadLetters.get() < count && service.isAlive() && failure.get() == null) {
            ledger.poll(Duration.ofMillis(100));
            if (System.nanoTime() - lastProgress > 1_000_000_000L) {
                lastProgress = System.nanoTime();
                progress.printf("\r  %s: %,d/%,d classified", rateLabel, latencies.count(), count);
            }
            if (System.nanoTime() - start > Duration.ofMinutes(30).toNanos()) {
                break;
            }
        }
        long end = System.nanoTime();
        producer.join();
        if (failure.get() != null) {
            throw new IllegalStateException("publishing the " + rateLabel + " phase failed: " + failure.get(), failure.get());
        }
        double seconds = (end - start) / 1e9;
        double sendSeconds = ((sentAt.get() == 0 ? end : sentAt.get()) - start) / 1e9;
        progress.printf("\r  %s: %,d images in %.1f s, %,.0f images/s, p99 %.0f ms, max %.0f ms%n", rateLabel,
                latencies.count(), seconds, latencies.count() / seconds, latencies.percentileMillis(99),
                latencies.maxMillis());
        return new Phase(rateLabel, rate, count, seconds, sendSeconds, latencies);
    }

    private DigitImage image(String prefix, int index, Instant stamp, List<String> ids) {
        DigitImage image = DigitRecords.gray8(source, index % source.count(), prefix, "bench", stamp, true);
        image.setId(prefix + index);
        ids.add(image.getId());
        return image;
    }
}
