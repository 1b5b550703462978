package io.digitstream.cli.bench;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.lab.evaluate.Evaluation;
import io.digitstream.model.ModelRouter;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.verify.OutputLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Exactly-once under crashes, checked the way Kafka's own system tests do: a 3-broker KRaft cluster
 * (replication 3, min.insync.replicas 2), two service instances in their own JVMs sharing the work,
 * one of them killed with SIGKILL at random moments (also while micro-batches sit in the buffer) and
 * restarted while labeled images and some malformed records stream in. A read_committed verifier then
 * checks that every input has exactly one prediction or dead letter, and that the predictions equal
 * an offline classification of the same images by the same models on the same engine.
 */
public final class CrashBenchmark {

    /** One run's verdict. */
    public record RunResult(int inputs, int predictions, int deadLetters, int lost, int duplicated, int unexpected,
            int kills, int mismatches, double seconds) {
    }

    private final Path modelFile;
    private final LabeledImages source;
    private final Path workDir;
    private final PrintStream progress;

    public CrashBenchmark(Path modelFile, LabeledImages source, Path workDir, PrintStream progress) {
        this.modelFile = modelFile;
        this.source = source;
        this.workDir = workDir;
        this.progress = progress;
    }

    public RunResult run(int run, int images, double rate, Duration meanTimeBetweenKills, long seed) throws Exception {
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Topics topics = Topics.withPrefix("crash" + run);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(3, Map.of("min.insync.replicas", "2"))) {
            kafka.createTopics(topics.all(), 6, (short) 3);
            Path config = serviceConfig(kafka, topics, run);
            ServiceProcess[] instances = {start(config, run, 0), start(config, run, 1)};
            for (ServiceProcess instance : instances) {
                if (!instance.awaitRunning(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("a service instance did not start; logs in " + workDir);
                }
            }
            List<DigitImage> inputs = inputs(run, images, random.split());
            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread publisher = new Thread(() -> publish(kafka, topics, inputs, rate, publishing), "crash-publisher");
            publisher.start();

            int kills = 0;
            while (publishing.get()) {
                Thread.sleep((long) (random.nextDouble(0.5, 1.5) * meanTimeBetweenKills.toMillis()));
                if (!publishing.get()) {
                    break;
                }
                int victim = random.nextInt(2);
                instances[victim].kill();
                kills++;
                progress.printf("  run %d: SIGKILL instance %d (kill %d)%n", run, victim, kills);
                Thread.sleep(random.nextLong(0, 2000));
                instances[victim] = start(config, run, victim);
            }
            publisher.join();

            try (OutputLedger ledger = new OutputLedger(clientProperties(kafka), topics)) {
                ledger.awaitOutputs(inputs.size(), Duration.ofMinutes(5), () -> { });
                ledger.poll(Duration.ofSeconds(2)); // anything duplicated just behind the last expected output
                OutputLedger.Conservation c = ledger.check(inputs.stream().map(DigitImage::getId).toList());
                int mismatches = mismatches(config, inputs, ledger.predictions());
                for (ServiceProcess instance : instances) {
                    instance.close();
                }
                return new RunResult(c.inputs(), c.predictions(), c.deadLetters(), c.lost(), c.duplicated(), c.unexpected(),
                        kills, mismatches, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** Labeled images with unique ids, and about 1% malformed records that must become dead letters. */
    private List<DigitImage> inputs(int run, int count, SplittableRandom random) {
        List<DigitImage> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DigitImage image = DigitRecords.gray8(source, i % source.count(), "crash", "scanner-" + (i % 3), Instant.EPOCH, true);
            image.setId("run" + run + "-" + i);
            if (random.nextInt(100) == 0) {
                image.setWidth(27); // 784 bytes no longer match width x height
            }
            inputs.add(image);
        }
        return inputs;
    }

    private void publish(EmbeddedKafka kafka, Topics topics, List<DigitImage> inputs, double rate, AtomicBoolean publishing) {
        try (ImagePublisher publisher = new ImagePublisher(clientProperties(kafka), topics.images(), topics.labels())) {
            publisher.publishEach(inputs.size(), i -> {
                DigitImage image = inputs.get(i);
                image.setCaptureTime(Instant.now());
                return image;
            }, LabelMode.INLINE, rate, (done, total) -> {
                if (done % 10_000 == 0) {
                    progress.printf("  published %,d/%,d%n", done, total);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publishing.set(false);
        }
    }

    /**
     * Predictions that differ from classifying the same records offline with the models and engine the service runs
     * (read from its {@code config}: {@code digits.engine=auto} is int8 where ONNX Runtime is), or that name another
     * version than the offline classification.
     */
    private static int mismatches(Path config, List<DigitImage> inputs, Map<String, Prediction> streamed)
            throws IOException {
        ModelRouter served = ClassifierService.loadModels(ServiceProcess.config(config));
        Evaluation offline = new Evaluation(new RecordClassifier(ImagePipeline.withDefaults(), served, Clock.systemUTC()));
        offline.addAll(inputs);
        int mismatches = 0;
        for (Prediction expected : offline.predictions()) {
            Prediction actual = streamed.get(expected.getId());
            if (actual == null || actual.getDigit() != expected.getDigit()
                    || !actual.getModelVersion().equals(expected.getModelVersion())) {
                mismatches++;
            }
        }
        return mismatches + Math.abs(offline.predictions().size() - streamed.size());
    }

    private Path serviceConfig(EmbeddedKafka kafka, Topics topics, int run) throws IOException {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "crash-" + run);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3");
        // A killed instance keeps its partitions until its session times out; keep that short.
        config.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
        config.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), "1500");
        config.put(ServiceConfig.MODEL.name(), modelFile.toAbsolutePath().toString());
        config.putAll(topics.asConfig());
        config.put(HttpConfig.PORT.name(), "0"); // any free port: several instances share this machine
        Path file = workDir.resolve("crash-" + run + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            config.store(out, "digits bench crash service");
        }
        return file;
    }

    private ServiceProcess start(Path config, int run, int instance) throws IOException {
        // Each instance keeps its own state directory across restarts, as a real deployment's volume would.
        Path properties = workDir.resolve("crash-" + run + "-" + instance + ".properties");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(config)) {
            p.load(in);
        }
        p.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state-" + run + "-" + instance).toString());
        try (Writer out = Files.newBufferedWriter(properties)) {
            p.store(out, "instance " + instance);
        }
        return ServiceProcess.start(properties, workDir.resolve("crash-" + run + "-" + instance + ".log"), "768m");
    }

    private static Properties clientProperties(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }

    /** The acceptance JSON over all runs. */
    public static Map<String, Object> summary(List<RunResult> runs) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", runs.size());
        json.put("kills", runs.stream().mapToInt(RunResult::kills).sum());
        json.put("inputs", runs.stream().mapToInt(RunResult::inputs).sum());
        json.put("predictions", runs.stream().mapToInt(RunResult::predictions).sum());
        json.put("deadLetters", runs.stream().mapToInt(RunResult::deadLetters).sum());
        json.put("lost", runs.stream().mapToInt(RunResult::lost).sum());
        json.put("duplicated", runs.stream().mapToInt(RunResult::duplicated).sum());
        json.put("unexpected", runs.stream().mapToInt(RunResult::unexpected).sum());
        json.put("mismatchesWithOffline", runs.stream().mapToInt(RunResult::mismatches).sum());
        json.put("perRun", Collections.unmodifiableList(runs));
        return json;
    }
}
