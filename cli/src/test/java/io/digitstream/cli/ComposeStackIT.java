package io.digitstream.cli;

import io.digitstream.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * docker-compose.yml as the README starts it (the image built from this build's cli/target): the producer's MNIST
 * images are classified by the service and its metrics reach Prometheus. Runs where a Docker engine with the compose
 * plugin runs (after {@code package}, which made the application the image copies); skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Container
    static final ComposeContainer STACK = new ComposeContainer(repositoryRoot().resolve("docker-compose.yml").toFile())
            .withLocalCompose(true)
            .withBuild(true)
            .withPull(false) // the application image is built, not pulled; the others are pulled by `up`
            .withEnv("MNIST_CACHE", mnistCache())
            .withExposedService("classifier", 8080,
                    Wait.forHttp("/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(10)))
            .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200));

    @Test
    void theProducersImagesAreClassifiedAndPrometheusScrapesTheService() throws Exception {
        URI classifier = serviceUri("classifier", 8080);
        URI prometheus = serviceUri("prometheus", 9090);

        JsonNode counters = await(() -> getJson(classifier, "api/counters"),
                c -> c.get("predictions").asLong() >= 100, "100 predictions");
        assertThat(counters.get("deadLetters").asLong()).isZero();
        JsonNode window = await(() -> getJson(classifier, "api/windows/count?source=" + encode("*")),
                w -> w.has("labeled") && w.get("labeled").asLong() >= 100, "a count window of 100 labeled predictions");
        assertThat(window.get("accuracy").asDouble()).isGreaterThan(0.9);

        String query = "api/v1/query?query=" + encode("sum(digits_predictions_total)");
        JsonNode scraped = await(() -> getJson(prometheus, query),
                r -> r.at("/data/result").size() == 1 && r.at("/data/result/0/value/1").asDouble() > 0,
                "Prometheus to have scraped the predictions counter");
        assertThat(scraped.at("/status").asText()).isEqualTo("success");
    }

    private static URI serviceUri(String service, int port) {
        return URI.create("http://" + STACK.getServiceHost(service, port) + ":" + STACK.getServicePort(service, port) + "/");
    }

    /** The MNIST test set fetched on this machine, mounted into the producer so the containers need no internet. */
    private static String mnistCache() {
        try {
            MnistDataset.test(MnistFetcher.withDefaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MnistFetcher.defaultCacheDir().toAbsolutePath().toString();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode getJson(URI base, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static <T> T await(Await.Probe<T> probe, Predicate<T> done, String what) throws Exception {
        return Await.until(probe, done, what, Duration.ofMinutes(3), Duration.ofMillis(500));
    }
}
