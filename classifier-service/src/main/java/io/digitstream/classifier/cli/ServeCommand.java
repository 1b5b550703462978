package io.digitstream.classifier.cli;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.model.ModelLocator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, resourceBundle = "io.digitstream.config.KeyHelp",
        description = "Run the classifier service (Kafka Streams, exactly-once) against a Kafka cluster until stopped.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-server", description = "Kafka bootstrap servers (default: localhost:9092).")
    String bootstrapServers;

    @Option(names = "--config", description = "Properties file: Kafka Streams/client settings (TLS, SASL, ...) and"
            + " digits.* keys (bin/digits config lists them; an unknown digits.* key is refused).")
    Path configFile;

    @Option(names = "--model", descriptionKey = "digits.model")
    Path model;

    @Option(names = "--model-route", paramLabel = "GLOB=PATH",
            description = "Classify images whose source matches GLOB (* any characters, ? one) with the model at PATH;"
                    + " repeatable, the first match wins, other sources use --model (digits.model.routes, e.g."
                    + " --model-route 'rot*=models/mnist-rot.zip'). Given here, it replaces the routes of --config.")
    List<String> modelRoutes;

    @Option(names = "--engine", paramLabel = "NAME", descriptionKey = "digits.engine")
    String engine;

    @Option(names = "--application-id", description = "Kafka Streams application id (default: digit-classifier).")
    String applicationId;

    @Option(names = "--no-create-topics", negatable = true, defaultValue = "true",
            description = "Create missing topics at start (default: true).")
    boolean createTopics;

    @Option(names = "--http-port", paramLabel = "PORT", descriptionKey = "digits.http.port")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "ADDRESS", descriptionKey = "digits.http.host")
    String httpHost;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        flags.put(ServiceConfig.MODEL.name(), model == null ? null : model.toString());
        flags.put(HttpConfig.PORT.name(), httpPort == null ? null : httpPort.toString());
        flags.put(HttpConfig.HOST.name(), httpHost);
        flags.put(ServiceConfig.MODEL_ROUTES.name(), modelRoutes == null || modelRoutes.isEmpty() ? null : String.join(",", modelRoutes));
        flags.put(ServiceConfig.ENGINE.name(), engine);
        ServiceConfig config = ServiceConfig.from(
                LayeredConfig.load(ServiceConfig.defaults(), configFile, System.getenv(), flags),
                ModelLocator.defaultModelPath());
        CountDownLatch stopped = new CountDownLatch(1);
        try (ClassifierService service = ClassifierService.load(config)) {
            if (createTopics) {
                service.createTopics();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "digits-shutdown"));
            service.start();
            // Until Ctrl-C or SIGTERM; a Kafka Streams that died (e.g. its topics were deleted, or the brokers refused
            // its settings) ends the command too, with the reason and an exit code that says whose fault it is.
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                service.failure().ifPresent(failure -> {
                    throw failure;
                });
            }
        }
        return 0;
    }
}
