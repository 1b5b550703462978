package io.digitstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.idx.LabeledImages;
import io.digitstream.lab.cli.ModelOptions;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.NetworkCost;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.onnx.OnnxDigitModel;
import io.digitstream.onnx.OnnxEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print their figures.",
        subcommands = {BenchCommand.Engine.class, BenchCommand.EndToEnd.class, BenchCommand.Crash.class,
                BenchCommand.Hostile.class, BenchCommand.Stage.class, BenchCommand.Swap.class})
public final class BenchCommand {

    static LabeledImages mnistTest(ModelOptions options) throws java.io.IOException {
        return MnistDataset.test(options.fetcher());
    }

    static void printJson(Map<String, Object> json) throws java.io.IOException {
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }

    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = "Inference images/s of the model at several batch sizes (one network, one calling thread), on the"
                    + " engine serve runs by default or on the one named by --engine; a couple of minutes with the"
                    + " defaults, on a loaded 2-core machine.")
    static final class Engine implements Callable<Integer> {

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--batches", split = ",", defaultValue = "1,32,128",
                description = "Batch sizes (default: ${DEFAULT-VALUE}).")
        List<Integer> batches;

        @Option(names = "--images", defaultValue = "1000", description = "Images per timed round (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds per batch size; the best counts (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--engine",
                description = "dl4j, onnx (the same weights exported to ONNX, batch norm folded, on ONNX Runtime) or"
                        + " onnx-int8 (that model with int8 convolutions, calibrated on the first 500 training images)"
                        + " (default: the engine serve runs without options, digits.engine's default).")
        String engine;

        @Option(names = "--onnx-threads",
                description = "ONNX Runtime intra-op threads per call (default: serve's, digits.engine.onnx.threads)."
                        + " DL4J's: OMP_NUM_THREADS.")
        Integer onnxThreads;

        @Option(names = "--json", description = "Print one JSON object on the last line.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            engine = engine == null ? ServeDefaults.engine() : Engines.resolve(engine);
            if (onnxThreads == null) {
                onnxThreads = OnnxEngineProvider.THREADS.defaultValue();
            }
            if (!List.of("dl4j", "onnx", "onnx-int8").contains(engine)) {
                throw new ParameterException(spec.commandLine(),
                        "--engine must be dl4j, onnx or onnx-int8, not " + engine);
            }
            // The first load pays for DL4J's class loading and native start; a reload is what a restart of the
            // model alone costs.
            long start = System.nanoTime();
            DigitModel loaded = modelOptions.load();
            double firstLoadSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            modelOptions.load();
            double reloadSeconds = (System.nanoTime() - start) / 1e9;
            float[][] inputs = NormalizedDataset.of(mnistTest(modelOptions).head(1024)).inputs();
            Map<String, Object> result;
            if (engine.equals("dl4j")) {
                result = new EngineBenchmark(loaded, inputs).runAll(batches, images, rounds);
            } else {
                boolean int8 = engine.equals("onnx-int8");
                try (OnnxDigitModel onnx = int8
                        ? OnnxDigitModel.quantized(loaded, NormalizedDataset.of(MnistDataset.train(modelOptions.fetcher()).head(500))
                                .inputs(), onnxThreads)
                        : OnnxDigitModel.of(loaded, onnxThreads)) {
                    Map<String, Object> fields = new java.util.LinkedHashMap<>();
                    fields.put("engine", engine);
                    fields.put("onnxRuntime", OnnxDigitModel.runtimeVersion());
                    fields.put("intraOpThreads", onnxThreads);
                    result = new EngineBenchmark(onnx::classify, loaded.version(), fields, inputs).runAll(batches, images, rounds);
                }
            }
            result.put("architecture", loaded.metadata().architecture());
            result.put("parameters", loaded.network().numParams());
            result.put("multiplyAdds", NetworkCost.multiplyAdds(loaded.network()));
            result.put("modelFileBytes", java.nio.file.Files.size(modelOptions.model()));
            result.put("modelFirstLoadSeconds", firstLoadSeconds);
            result.put("modelReloadSeconds", reloadSeconds);
            if (json) {
                printJson(result);
            } else {
                System.out.printf("best: batch %s, %,.0f images/s; model %,d bytes, loaded in %.2f s (again: %.2f s)%n",
                        result.get("batch"), result.get("imagesPerSecond"), result.get("modelFileBytes"),
                        firstLoadSeconds, reloadSeconds);
            }
            return 0;
        }
    }

    @Command(name = "e2e", mixinStandardHelpOptions = true,
            description = {"End to end through a real broker with exactly-once, the service in its own JVM: batched at"
                    + " full speed (the maximum), then at paced rates (half the maximum, or --rates), and the per-record"
                    + " baseline. Defaults: what serve runs without options.",
                    "Latency: from the time an image was scheduled to be sent (paced phases) or was sent (full speed) to"
                            + " the moment its prediction is visible to a read_committed consumer.",
                    "Exits 1 when a record was lost or duplicated in any phase (exactlyOnce false)."})
    static final class EndToEnd implements Callable<Integer> {

        @Option(names = "--images", defaultValue = "100000", description = "Images at full speed (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--baseline-images", defaultValue = "5000", description = "Images for the per-record baseline (default: ${DEFAULT-VALUE}).")
        int baselineImages;

        @Option(names = "--half-rate-seconds", defaultValue = "30",
                description = "Duration of the half-rate run without --rates (default: ${DEFAULT-VALUE}).")
        int halfRateSeconds;

        @Option(names = "--rates", split = ",", paramLabel = "RATE",
                description = "Paced phases after the maximum is measured: shares of it (25%%), images per second (500)"
                        + " or burst (" + TargetRate.BURST_FACTOR + "x the maximum for " + TargetRate.BURST_SECONDS
                        + " s, then the drain), e.g. 25%%,50%%,75%%,90%%,100%%,burst; 50%% is added when missing (the"
                        + " halfRate fields). Default: 50%% alone, for --half-rate-seconds.")
        List<String> rates;

        @Option(names = "--rate-seconds", defaultValue = "20",
                description = "Duration of each --rates phase but the burst, 1 to " + RateSweep.MAX_SECONDS
                        + " (default: ${DEFAULT-VALUE}).")
        int rateSeconds;

        @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the images topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--stream-threads", description = "Stream threads of the service (default: serve's, num.stream.threads).")
        Integer streamThreads;

        @Option(names = "--batch", description = "Micro-batch size (default: serve's, digits.batch.size).")
        Integer batch;

        @Option(names = "--batch-delay-ms", description = "Micro-batch max delay (default: serve's, digits.batch.max.delay.ms).")
        Integer batchDelayMs;

        @Option(names = "--engine",
                description = "digits.engine of the batched service: dl4j, onnx or onnx-int8 (default: serve's);"
                        + " the per-record baseline always runs on dl4j.")
        String engine;

        @Option(names = "--service-property", paramLabel = "KEY=VALUE",
                description = "A property of the batched service, over the bench's own (e.g. commit.interval.ms=200,"
                        + " producer.compression.type=lz4, digits.metrics.enabled=false): for A/B runs of one setting.")
        Map<String, String> serviceProperties = new java.util.LinkedHashMap<>();

        @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
                description = "A property of the bench's image producer (e.g. batch.size=65536, compression.type=zstd).")
        Map<String, String> producerProperties = new java.util.LinkedHashMap<>();

        @Option(names = "--service-jvm-option", paramLabel = "OPTION",
                description = "An option of the batched service's JVM (e.g. -XX:TieredStopAtLevel=1); repeatable.")
        List<String> serviceJvmOptions = new java.util.ArrayList<>();

        @Option(names = "--profile", paramLabel = "DIR",
                description = "Record the service's JVM and the bench's (broker, producer, reader) with the JDK Flight"
                        + " Recorder into DIR (bench-batched.jfr, bench.jfr) and print where each spent its CPU in the"
                        + " full-speed phase (also DIR/profile.txt and the JSON's profile field).")
        Path profile;

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--json", description = "Print one JSON object on the last line.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            engine = engine == null ? ServeDefaults.engine() : engine;
            if (!io.digitstream.model.Engines.available().contains(engine)) {
                throw new ParameterException(spec.commandLine(), "--engine must be one of "
                        + io.digitstream.model.Engines.available() + ", not " + engine);
            }
            RateSweep sweep = sweep();
            Path work = Files.createTempDirectory("digits-bench-e2e");
            Map<String, Object> result = new EndToEndBenchmark(modelOptions.model(), mnistTest(modelOptions), work, System.err,
                    partitions, batch == null ? ServeDefaults.batchSize() : batch,
                    batchDelayMs == null ? ServeDefaults.batchMaxDelayMs() : batchDelayMs,
                    streamThreads == null ? ServeDefaults.streamThreads() : streamThreads, engine)
                    .profileInto(profile == null ? null : Files.createDirectories(profile))
                    .withProperties(serviceProperties, producerProperties)
                    .withServiceJvmOptions(serviceJvmOptions)
                    .run(images, baselineImages, sweep);
            result.put("logs", work.toString());
            if (json) {
                printJson(result);
            } else {
                System.out.printf("%,.0f images/s (per-record baseline %,.0f/s, x%.1f); latency p50 %.0f / p95 %.0f / p99 %.0f ms;"
                                + " at half rate p99 %.0f ms; service peak RSS %.0f MB%n", result.get("imagesPerSecond"),
                        result.get("baselineImagesPerSecond"), result.get("speedup"), result.get("p50Millis"),
                        result.get("p95Millis"), result.get("p99Millis"), result.get("halfRateP99Millis"), result.get("peakRssMb"));
            }
            // A fast run that lost or duplicated records measured nothing worth having.
            return Boolean.TRUE.equals(result.get("exactlyOnce")) ? 0 : 1;
        }

        private RateSweep sweep() {
            if (rates == null) {
                try {
                    return RateSweep.halfRate(halfRateSeconds);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--half-rate-seconds: " + e.getMessage());
                }
            }
            try {
                RateSweep.checkSeconds(rateSeconds);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--rate-seconds: " + e.getMessage());
            }
            try {
                return RateSweep.parse(rates, rateSeconds);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--rates: " + e.getMessage());
            }
        }
    }

    @Command(name = "crash", mixinStandardHelpOptions = true,
            description = "Crash campaign: 3 brokers, two service JVMs, one SIGKILLed and restarted at random moments while"
                    + " labeled images stream; a read_committed verifier checks nothing is lost or duplicated.")
    static final class Crash implements Callable<Integer> {

        @Option(names = "--runs", defaultValue = "10", description = "Runs (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--images", defaultValue = "100000", description = "Images per run (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--rate", defaultValue = "2000", description = "Images/s published (default: ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--kill-every", defaultValue = "8", description = "Mean seconds between kills (default: ${DEFAULT-VALUE}).")
        int killEverySeconds;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the kill schedule (default: ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--json", description = "Print one JSON object on the last line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path work = Files.createTempDirectory("digits-bench-crash");
            CrashBenchmark campaign = new CrashBenchmark(modelOptions.model(), mnistTest(modelOptions), work, System.err);
            List<CrashBenchmark.RunResult> results = new java.util.ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                CrashBenchmark.RunResult result = campaign.run(run, images, rate, java.time.Duration.ofSeconds(killEverySeconds),
                        seed + run);
                System.err.printf("run %d: %s%n", run, result);
                results.add(result);
            }
            Map<String, Object> summary = CrashBenchmark.summary(results);
            summary.put("logs", work.toString());
            if (json) {
                printJson(summary);
            } else {
                System.out.println(summary);
            }
            boolean clean = results.stream().allMatch(r -> r.lost() == 0 && r.duplicated() == 0 && r.unexpected() == 0
                    && r.mismatches() == 0);
            return clean ? 0 : 1;
        }
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
            description = {"Hot swaps under load: images at a steady rate through two service instances (own JVMs, one"
                    + " embedded broker) while the model registry promotes a model, refuses a corrupt release, serves the"
                    + " repaired one and rolls back; --kill also kills one instance during the first promotion and restarts"
                    + " it. A few minutes on a loaded 2-core machine.",
                    "Exits 0 only when nothing is lost or duplicated (inputs = predictions + dead letters), every"
                            + " prediction equals the offline classification by the version it names, the corrupt release"
                            + " was refused and at least two versions served; 1 otherwise."})
    static final class Swap implements Callable<Integer> {

        @Option(names = "--images", defaultValue = "6000",
                description = "At least this many images; more while swaps go on (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--rate", defaultValue = "100", description = "Images/s (default: ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--kill", description = "SIGKILL one instance during the first promotion, and restart it.")
        boolean kill;

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--json", description = "Print one JSON object on the last line.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new ParameterException(spec.commandLine(), "--rate must be a number of images per second above 0, not " + rate);
            }
            Path work = Files.createTempDirectory("digits-bench-swap");
            // The instances start on --model; mnist-clean beside it is promoted, mnist-rot repaired after a corrupt release.
            Path start = modelOptions.model();
            SwapBenchmark bench = new SwapBenchmark(new SwapBenchmark.Models(start, start.resolveSibling("mnist-clean.zip"),
                    start.resolveSibling("mnist-rot.zip")), mnistTest(modelOptions), work, System.err);
            SwapBenchmark.Result result = bench.run(images, rate, kill);
            Map<String, Object> summary = new java.util.LinkedHashMap<>(result.json());
            summary.put("logs", work.toString());
            if (json) {
                printJson(summary);
            } else {
                System.out.println(summary);
            }
            return result.holds() ? 0 : 1;
        }
    }

    @Command(name = "hostile", mixinStandardHelpOptions = true,
            description = {"Hostile-record campaign: the service in its own JVM on a single-node broker, good labeled"
                    + " MNIST images interleaved with over 60 kinds of bad and mistaken records"
                    + " (near 1 MiB, plain and compressed; ids, keys and sources of 65,535-65,537 bytes; invalid UTF-8;"
                    + " tombstones; wrong schemas on every topic the service reads; labels 12 and -1; odd timestamps;"
                    + " broken, empty, huge and bomb images), limits probed at limit - 1, limit and limit + 1.",
                    "Exits 0 only when every record of the images topic has exactly one prediction or dead letter"
                            + " within the deadline, no partition stays behind, no stream thread was replaced and the"
                            + " good images are classified as well as offline; 1 otherwise."})
    static final class Hostile implements Callable<Integer> {

        @Option(names = "--records", defaultValue = "2000", description = "Hostile records (default: ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--good", defaultValue = "1000", description = "Good labeled images among them (default: ${DEFAULT-VALUE}).")
        int good;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the records and their order (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "300",
                description = "From the last record sent, for every output and every partition to be consumed"
                        + " (default: ${DEFAULT-VALUE}).")
        int deadlineSeconds;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--kinds", split = ",", paramLabel = "KIND|TOPIC",
                description = "Only these kinds, or the kinds sent to these topics (images, labels, predictions,"
                        + " dead-letters); -NAME leaves one out, e.g. --kinds images,-page-3000x3000 (default: all;"
                        + " names as in the report's kinds).")
        List<String> kinds = List.of();

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--json", description = "Print one JSON object on the last line.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.util.Set<HostileKind> selected;
            try {
                selected = HostileKind.select(kinds);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (records < 0 || good < 0 || deadlineSeconds <= 0 || partitions <= 0) {
                throw new ParameterException(spec.commandLine(),
                        "--records and --good must not be negative, --deadline and --partitions must be positive");
            }
            Path work = Files.createTempDirectory("digits-bench-hostile");
            Map<String, Object> result = new HostileBenchmark(modelOptions.model(),
                    mnistTest(modelOptions), work, System.err).run(new HostileBenchmark.Settings(records, good, seed,
                    java.time.Duration.ofSeconds(deadlineSeconds), partitions, selected));
            if (json) {
                printJson(result);
            } else {
                System.out.printf("%s: %d inputs = %d predictions + %d dead letters; lost %d, duplicated %d,"
                                + " stalled partitions %d, thread replacements %d; good accuracy %.4f (offline %.4f);"
                                + " failing kinds %s; logs in %s%n", (boolean) result.get("passed") ? "PASSED" : "FAILED",
                        result.get("inputs"), result.get("predictions"), result.get("deadLetters"), result.get("lost"),
                        result.get("duplicated"), result.get("stalledPartitions"), result.get("threadReplacements"),
                        result.get("goodAccuracy"), result.get("offlineGoodAccuracy"), result.get("failingKinds"), work);
            }
            return (boolean) result.get("passed") ? 0 : 1;
        }
    }

    @Command(name = "stage", mixinStandardHelpOptions = true,
            description = "Single-threaded cost per image of the image path, after warm-up, on MNIST test and on every"
                    + " synthetic variant: decode; polarity + denoise stage + MNIST normalization (what the stream runs);"
                    + " polarity + normalization only. Images are generated once, before timing.")
    static final class Stage implements Callable<Integer> {

        @Option(names = "--images", defaultValue = "3000", description = "Images per dataset (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds per measurement; the best counts (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--warmup-rounds", defaultValue = "2", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
        int warmupRounds;

        @Option(names = "--datasets", split = ",", defaultValue = "mnist-test,back-rand,back-image,rot,rot-back-image,notebook",
                description = "Datasets (default: ${DEFAULT-VALUE}).")
        List<String> datasets;

        @Option(names = "--data-dir", description = "MNIST cache directory (default: $DIGITS_DATA_DIR or ~/.cache/digit-stream/mnist).")
        Path dataDir;

        @Option(names = "--json", description = "Print one JSON object on the last line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            io.digitstream.mnist.MnistFetcher fetcher = dataDir == null ? io.digitstream.mnist.MnistFetcher.withDefaults()
                    : new io.digitstream.mnist.MnistFetcher(dataDir);
            Map<String, List<io.digitstream.schemas.DigitImage>> loaded = new java.util.LinkedHashMap<>();
            for (String dataset : datasets) {
                loaded.put(dataset, io.digitstream.lab.evaluate.Datasets.load(dataset, fetcher, images));
            }
            Map<String, Object> result = new StageBenchmark(rounds, warmupRounds).runAll(loaded);
            if (json) {
                printJson(result);
            } else {
                System.out.println("stage (polarity + denoise + normalize), us per image: " + result.get("stageMicrosPerImage"));
            }
            return 0;
        }
    }
}
