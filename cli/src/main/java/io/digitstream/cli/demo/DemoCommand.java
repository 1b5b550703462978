package io.digitstream.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.service.ChallengerConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.command.ExitCodes;
import io.digitstream.config.LayeredConfig;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.lab.cli.ModelOptions;
import io.digitstream.lab.evaluate.Datasets;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.metrics.MetricsJson;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelRouter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.tools.publish.Pacer;
import io.digitstream.verify.OutputLedger;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded single-node KRaft Kafka broker and the classifier service, stream a labeled"
                + " dataset through Kafka, and report the metrics of the predictions read back (read_committed).")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "mnist-test", description = "Dataset: " + Datasets.NAMES + " (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--limit", description = "Stream only the first N images (0 = all).")
    int limit;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--timeout", defaultValue = "600", description = "Give up waiting for outputs after this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the metrics as one JSON object on the last line.")
    boolean json;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the live metrics dashboard on 127.0.0.1"
            + " (default: 8080, or a free port if 8080 is taken; -1: no dashboard).")
    Integer httpPort;

    @Option(names = "--rate", paramLabel = "IMAGES_PER_SECOND", defaultValue = "0",
            description = "Publish at most this many images per second, to watch the dashboard (default: 0, as fast as possible).")
    double rate;

    @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "0",
            description = "Keep the service and its dashboard up this long after the report (default: ${DEFAULT-VALUE}).")
    int lingerSeconds;

    @Option(names = "--challenger", paramLabel = "MODEL",
            description = "Score this model beside the default one (digits.model.challenger): shadow, or a canary with --canary-share.")
    Path challenger;

    @Option(names = "--canary-share", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of images the challenger answers (digits.model.challenger.canary.share; default: ${DEFAULT-VALUE}, shadow).")
    String canaryShare;

    private static final int DEFAULT_HTTP_PORT = 8080;
    /** One group and a few transactional ids on one broker: one partition each for their coordinators is plenty. */
    private static final Map<String, String> BROKER_PROPERTIES = Map.of(
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.num.partitions", "1");

    private final PrintStream progress = System.err;

    /** Seconds of each step of the run, in order: what the demo's wall time is made of. */
    private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be 0 (as fast as possible) or a number of images"
                    + " per second above it, not " + rate);
        }
        long started = System.nanoTime();
        progress.println("demo: starting an embedded Kafka broker (KRaft, single node)");
        // The broker starts while the model and the images load: on two cores the two overlap by a few seconds.
        CompletableFuture<EmbeddedKafka> starting = CompletableFuture.supplyAsync(DemoCommand::startBroker);
        DigitModel loaded;
        ModelRouter engines;
        List<DigitImage> images;
        Path stateDir;
        try {
            loaded = modelOptions.load();
            images = Datasets.load(dataset, modelOptions.fetcher(), limit);
            stateDir = Files.createTempDirectory("digits-demo-state");
            // Opening the engines (each checked against the model it was made from) needs no broker: it runs here,
            // while the broker starts, instead of after it.
            engines = ClassifierService.loadModels(serviceConfig(null, stateDir, -1), loaded);
        } catch (Exception | Error e) {
            starting.thenAccept(DemoCommand::closeQuietly);
            throw e;
        }
        lap("modelAndImages", started);
        long brokerWait = System.nanoTime();
        try (EmbeddedKafka kafka = started(starting)) {
            lap("brokerAfterThat", brokerWait);
            long serviceStart = System.nanoTime();
            ServiceConfig config = serviceConfig(kafka.bootstrapServers(), stateDir, -1);
            Properties clients = new Properties();
            clients.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (ClassifierService service = service(kafka.bootstrapServers(), stateDir, engines)) {
                service.createTopics();
                service.start();
                awaitRunning(service);
                lap("serviceToRunning", serviceStart);
                service.httpAddress().ifPresent(uri -> progress.printf("demo: live metrics dashboard on %s"
                        + " (Prometheus: %smetrics)%n", uri, uri));
                progress.printf("demo: classifier running (model %s, exactly-once v2); streaming %,d %s images%n",
                        loaded.version(), images.size(), dataset);

                long streamStart = System.nanoTime();
                AtomicInteger published = new AtomicInteger();
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publish(config, clients, images, published, rate));
                try (OutputLedger ledger = new OutputLedger(clients, config.topics())) {
                    ProgressLine line = new ProgressLine(progress, images.size());
                    boolean complete = ledger.awaitOutputs(images.size(), Duration.ofSeconds(timeoutSeconds), () -> {
                        service.failure().ifPresent(failure -> {
                            throw failure;
                        });
                        line.update(published.get(), ledger);
                    });
                    publishing.join();
                    double streamSeconds = (System.nanoTime() - streamStart) / 1e9;
                    phaseSeconds.put("stream", streamSeconds);
                    line.finish(published.get(), ledger);
                    int exit = report(ledger, images, loaded, streamSeconds, (System.nanoTime() - started) / 1e9, complete);
                    if (lingerSeconds > 0 && service.httpAddress().isPresent()) {
                        progress.printf("demo: the dashboard stays up for %d s on %s%n", lingerSeconds, service.httpAddress().get());
                        Thread.sleep(lingerSeconds * 1000L);
                    }
                    return exit;
                }
            }
        }
    }

    /** The service with its dashboard on the asked port; on 8080 unless taken, when no port was asked for. */
    private ClassifierService service(String bootstrapServers, Path stateDir, ModelRouter engines) throws java.io.IOException {
        int port = httpPort == null ? DEFAULT_HTTP_PORT : httpPort;
        try {
            return new ClassifierService(serviceConfig(bootstrapServers, stateDir, port), engines);
        } catch (IllegalStateException e) {
            if (httpPort != null || !(e.getCause() instanceof BindException)) {
                throw e;
            }
            progress.printf("demo: port %d is taken; the dashboard takes a free one%n", port);
            return new ClassifierService(serviceConfig(bootstrapServers, stateDir, 0), engines);
        }
    }

    private ServiceConfig serviceConfig(String bootstrapServers, Path stateDir, int port) throws java.io.IOException {
        Map<String, String> flags = new HashMap<>();
        flags.put(HttpConfig.PORT.name(), Integer.toString(port));
        if (bootstrapServers != null) { // null while the broker starts: for what needs no broker
            flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(ServiceConfig.PARTITIONS.name(), String.valueOf(partitions));
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        // KIP-1071: the broker assigns the tasks and creates the internal topics; no join/sync rounds, and no second
        // rebalance once the assignor has created them, before the first image is classified.
        flags.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.STREAMS.name);
        if (challenger != null) {
            flags.put(ChallengerConfig.MODEL.name(), challenger.toString());
            flags.put(ChallengerConfig.CANARY_SHARE.name(), canaryShare);
        }
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), modelOptions.model());
    }

    private static void publish(ServiceConfig config, Properties clients, List<DigitImage> images, AtomicInteger published,
            double rate) {
        Pacer pacer = new Pacer(rate);
        try (ImagePublisher publisher = new ImagePublisher(clients, config.topics().images(), config.topics().labels())) {
            for (DigitImage image : images) {
                pacer.awaitTurn(published.get());
                publisher.publish(image, LabelMode.INLINE);
                published.incrementAndGet();
            }
            publisher.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    private void lap(String phase, long since) {
        phaseSeconds.put(phase, (System.nanoTime() - since) / 1e9);
    }

    private static EmbeddedKafka startBroker() {
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(1, BROKER_PROPERTIES);
            try {
                kafka.createCoordinatorTopics(); // while the models load, not when the service first needs them
            } catch (Exception e) {
                closeQuietly(kafka);
                throw e;
            }
            return kafka;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static EmbeddedKafka started(CompletableFuture<EmbeddedKafka> starting) throws Exception {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void closeQuietly(EmbeddedKafka kafka) {
        try {
            kafka.close();
        } catch (Exception e) {
            // the demo is failing already; the broker's own failure to stop adds nothing to that
        }
    }

    /** Until the service runs, 60 s at most; a service that stopped on an error ends the demo with its reason. */
    private static void awaitRunning(ClassifierService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            service.failure().ifPresent(failure -> {
                throw failure;
            });
            Thread.sleep(50);
        }
    }

    private int report(OutputLedger ledger, List<DigitImage> images, DigitModel model, double streamSeconds,
            double wallSeconds, boolean complete) throws Exception {
        ConfusionMatrix confusion = new ConfusionMatrix();
        long unlabeled = 0;
        for (Prediction p : ledger.predictions().values()) {
            if (p.getLabel() == null) {
                unlabeled++;
            } else {
                confusion.add(p.getLabel(), p.getDigit());
            }
        }
        OutputLedger.Conservation conservation = ledger.check(images.stream().map(DigitImage::getId).toList());
        Map<String, Object> metrics = MetricsJson.of(dataset, confusion);
        metrics.put("model", model.version());
        // As the predictions name it: the engine's version (digits.engine=auto runs onnx-int8: <version>-int8).
        metrics.put("predictionsByVersion", ledger.predictions().values().stream().collect(Collectors.groupingBy(
                p -> p.getModelVersion(), TreeMap::new, Collectors.counting())));
        metrics.put("inputs", conservation.inputs());
        metrics.put("predictions", conservation.predictions());
        metrics.put("deadLetters", conservation.deadLetters());
        metrics.put("lost", conservation.lost());
        metrics.put("duplicated", conservation.duplicated());
        metrics.put("unlabeled", unlabeled);
        metrics.put("streamSeconds", streamSeconds);
        metrics.put("imagesPerSecond", conservation.predictions() / streamSeconds);
        metrics.put("wallSeconds", wallSeconds);
        metrics.put("phaseSeconds", phaseSeconds);
        metrics.put("exactlyOnce", true);
        if (!json) {
            progress.printf("demo: time by phase %s s%n", phaseSeconds.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).toList());
            progress.printf("demo: %,d images in %.1f s through Kafka (%,.0f img/s), accuracy %.4f, macro F1 %.4f,"
                            + " kappa %.4f; conservation %s%n", conservation.inputs(), streamSeconds,
                    conservation.predictions() / streamSeconds, confusion.metrics().accuracy(),
                    confusion.metrics().macroF1(), confusion.metrics().kappa(), conservation.holds() ? "holds" : "VIOLATED");
        }
        System.out.println(new ObjectMapper().writeValueAsString(metrics));
        if (!complete) {
            progress.printf("demo: timed out: %d of %d outputs arrived%n", ledger.outputs(), images.size());
            return ExitCodes.FAILURE;
        }
        return conservation.holds() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
