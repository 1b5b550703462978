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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole path on one machine: an in-JVM KRaft broker, this JVM publishing, the service in its own
 * JVM with exactly-once, and a read_committed reader timing each prediction from capture (set when
 * published) to visibility. Three runs: batched at full speed, batched at half the measured rate, and
 * the per-record baseline (batch size 1) on its own topics. The batched runs classify on the chosen
 * engine ({@code digits.engine}); the baseline always on DL4J, record by record, as the issue defines it.
 */
public final class EndToEndBenchmark {

    /** What one run measured. */
    record Run(int images, double imagesPerSecond, double p50, double p95, double p99, double peakRssMb,
            OutputLedger.Conservation conservation) {
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

    public EndToEndBenchmark(Path model, LabeledImages source, Path workDir, PrintStream progress, int partitions,
            int batchSize, int batchDelayMs, int streamThreads) {
        this(model, source, workDir, progress, partitions, batchSize, batchDelayMs, streamThreads, Engines.DL4J);
    }

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

    public Map<String, Object> run(int images, int baselineImages, int halfRateSeconds) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Topics batchedTopics = Topics.withPrefix("bench");
            Topics baselineTopics = Topics.withPrefix("baseline");
            kafka.createTopics(batchedTopics.all(), partitions, (short) 1);
            kafka.createTopics(baselineTopics.all(), partitions, (short) 1);

            Run full;
            Run half;
            double peakRss;
            try (ServiceProcess service = startService(kafka, batchedTopics, "bench-batched", batchSize, engine)) {
                progress.printf("bench e2e: %,d images at full speed, micro-batches of %d, engine %s%n", images, batchSize,
                        engine);
                full = stream(kafka, batchedTopics, "full", images, 0, service);
                double halfRate = full.imagesPerSecond() / 2;
                int halfImages = (int) Math.max(100, halfRate * halfRateSeconds);
                progress.printf("bench e2e: %,d images at half the measured rate (%,.0f/s)%n", halfImages, halfRate);
                half = stream(kafka, batchedTopics, "half", halfImages, halfRate, service);
                peakRss = service.peakRssMb();
            }
            Run baseline;
            try (ServiceProcess service = startService(kafka, baselineTopics, "bench-per-record", 1, Engines.DL4J)) {
                progress.printf("bench e2e: per-record baseline, %,d images%n", baselineImages);
                baseline = stream(kafka, baselineTopics, "baseline", baselineImages, 0, service);
            }

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("images", full.images());
            json.put("imagesPerSecond", full.imagesPerSecond());
            json.put("baselineImagesPerSecond", baseline.imagesPerSecond());
            json.put("speedup", full.imagesPerSecond() / baseline.imagesPerSecond());
            json.put("p50Millis", full.p50());
            json.put("p95Millis", full.p95());
            json.put("p99Millis", full.p99());
            json.put("halfRateImagesPerSecond", half.imagesPerSecond());
            json.put("halfRateP50Millis", half.p50());
            json.put("halfRateP95Millis", half.p95());
            json.put("halfRateP99Millis", half.p99());
            json.put("peakRssMb", peakRss);
            json.put("exactlyOnce", true);
            json.put("engine", engine);
            json.put("baselineEngine", Engines.DL4J);
            json.put("batchSize", batchSize);
            json.put("batchMaxDelayMs", batchDelayMs);
            json.put("partitions", partitions);
            json.put("streamThreads", streamThreads);
            json.put("lost", full.conservation().lost() + half.conservation().lost() + baseline.conservation().lost());
            json.put("duplicated", full.conservation().duplicated() + half.conservation().duplicated()
                    + baseline.conservation().duplicated());
            json.put("baselineImages", baseline.images());
            return json;
        }
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
        Path file = workDir.resolve(applicationId + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            config.store(out, "digits bench e2e service");
        }
        ServiceProcess service = ServiceProcess.start(file, workDir.resolve(applicationId + ".log"), "1g");
        if (!service.awaitRunning(Duration.ofSeconds(120))) {
            Integer exit = service.exitCode();
            service.kill();
            throw new IllegalStateException("the service did not reach RUNNING" + (exit == null ? "" : " (it exited with " + exit + ")")
                    + "; see " + workDir.resolve(applicationId + ".log"));
        }
        return service;
    }

    /** Publishes {@code count} fresh images (rate 0 = unthrottled) and times each one's prediction. */
    private Run stream(EmbeddedKafka kafka, Topics topics, String phase, int count, double rate, ServiceProcess service)
            throws InterruptedException {
        Properties clients = new Properties();
        clients.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        LatencyRecorder latencies = new LatencyRecorder();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>(count));
        String prefix = phase + "-";
        try (OutputLedger ledger = new OutputLedger(clients, topics, false);
                ImagePublisher publisher = new ImagePublisher(clients, topics.images(), topics.labels())) {
            ledger.onPrediction(p -> {
                if (p.getId().startsWith(prefix)) {
                    latencies.record(System.currentTimeMillis() - p.getCaptureTime().toEpochMilli());
                }
            });
            long start = System.nanoTime();
            Thread producer = new Thread(() -> publish(publisher, count, prefix, rate, ids), "bench-publisher");
            producer.setUncaughtExceptionHandler((thread, e) -> progress.println("bench e2e: publishing failed: " + e));
            producer.start();
            long lastProgress = 0;
            while (latencies.count() < count && service.isAlive()) {
                ledger.poll(Duration.ofMillis(100));
                if (System.nanoTime() - lastProgress > 1_000_000_000L) {
                    lastProgress = System.nanoTime();
                    progress.printf("\r  %s: %,d/%,d classified", phase, latencies.count(), count);
                }
                if (System.nanoTime() - start > Duration.ofMinutes(30).toNanos()) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            producer.join();
            progress.printf("\r  %s: %,d images in %.1f s, %,.0f images/s, p99 %.0f ms%n", phase, latencies.count(), seconds,
                    latencies.count() / seconds, latencies.percentile(0.99));
            return new Run(count, latencies.count() / seconds, latencies.percentile(0.50), latencies.percentile(0.95),
                    latencies.percentile(0.99), service.peakRssMb(), ledger.check(ids));
        }
    }

    private void publish(ImagePublisher publisher, int count, String prefix, double rate, List<String> ids) {
        try {
            publisher.publishEach(count, i -> {
                DigitImage image = DigitRecords.gray8(source, i % source.count(), prefix, "bench", Instant.now(), true);
                image.setId(prefix + i);
                ids.add(image.getId());
                return image;
            }, LabelMode.INLINE, rate, io.digitstream.progress.ProgressListener.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
