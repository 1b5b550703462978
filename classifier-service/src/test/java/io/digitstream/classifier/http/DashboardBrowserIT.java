package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.metrics.DriftConfig;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ChallengerConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium with its chromedriver; nothing is downloaded) while
 * images stream through the service: the numbers and the heatmap appear, and change as more images arrive.
 * Skipped where chromium or chromedriver is not installed ({@code .ci/run} installs both).
 */
class DashboardBrowserIT {

    private static final Topics TOPICS = Topics.withPrefix("dash");
    private static final List<String> SOURCES = List.of("scanner-a", "scanner-b", "__proto__");
    /**
     * Sources are names producers choose: these broke the page for good (looked up in a plain object, a source
     * without a count window found Object's own members). Their images are unlabeled, so they have none.
     */
    private static final List<String> UNLABELED_SOURCES = List.of("constructor", "toString");

    private final LabeledImages fixture = MnistFixture.test500();

    @Test
    void showsNumbersHeatmapAndMisclassifiedDigitsThatFollowTheStream(@TempDir Path state, @TempDir Path profile)
            throws Exception {
        HeadlessChromium.assumeInstalled();
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode();
                ClassifierService service = new ClassifierService(config(kafka, state), TestModels.shipped())) {
            service.createTopics();
            service.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (service.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            publish(kafka, 0, 80, false);

            WebDriver browser = HeadlessChromium.open(profile, 1500, 1100);
            try {
                browser.get(service.httpAddress().orElseThrow().toString());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(b -> count(b, "labeled") >= 80 && heatmapTotal(b) >= 80);

                long labeled = count(browser, "labeled");
                long heatmap = heatmapTotal(browser);
                assertThat(heatmap).as("the heatmap is the current window's matrix").isEqualTo(labeled);
                assertThat(browser.findElements(By.cssSelector("#heatmap td.cell"))).hasSize(100);
                assertThat(text(browser, "accuracy")).matches("\\d{1,3}\\.\\d{2}%");
                assertThat(text(browser, "kappa")).matches("-?\\d\\.\\d{3}");
                assertThat(text(browser, "state")).isEqualTo("RUNNING");
                assertThat(text(browser, "dead-letters")).isEqualTo("0");
                wait.until(b -> !b.findElements(By.cssSelector("#misclassified canvas")).isEmpty());
                assertThat(browser.findElement(By.id("misclassified")).getText()).contains("→");
                assertThat(browser.findElements(By.cssSelector("#chart-accuracy circle"))).isNotEmpty();
                // The unlabeled images count once their join window (2 s) has passed: their sources then have rows.
                wait.until(b -> sourceRows(b).size() == SOURCES.size() + UNLABELED_SOURCES.size() + 1);
                List<List<String>> rows = sourceRows(browser);
                assertThat(rows).extracting(row -> row.get(0)).containsExactlyInAnyOrder("all sources", "scanner-a",
                        "scanner-b", "__proto__", "constructor", "toString");
                assertThat(rows).allSatisfy(row -> assertThat(String.join(" ", row)).doesNotContain("undefined", "function", "NaN"));
                assertThat(rows).filteredOn(row -> UNLABELED_SOURCES.contains(row.get(0)))
                        .allSatisfy(row -> assertThat(row.subList(5, 9)).as("no count window").containsOnly("–"));
                // The drift badge: scored from 20 predictions of the model on (__proto__ too), below that too few.
                assertThat(rows).filteredOn(row -> !UNLABELED_SOURCES.contains(row.get(0)))
                        .allSatisfy(row -> assertThat(row.get(9)).matches("(stable|drifted) PSI \\d+\\.\\d{3} / \\d+\\.\\d{3}"));
                assertThat(rows).filteredOn(row -> UNLABELED_SOURCES.contains(row.get(0)))
                        .allSatisfy(row -> assertThat(row.get(9)).as("2 each, the second may still be on its way")
                                .matches("too few \\([12]/20\\)"));
                // The shadow challenger beside the champion, per source, hostile names included.
                wait.until(b -> comparisonRows(b).size() == SOURCES.size() + UNLABELED_SOURCES.size() + 1);
                List<List<String>> compared = comparisonRows(browser);
                assertThat(compared).extracting(row -> row.get(0)).containsExactlyInAnyOrder("all sources", "scanner-a",
                        "scanner-b", "__proto__", "constructor", "toString");
                assertThat(compared).allSatisfy(row -> {
                    assertThat(String.join(" ", row)).doesNotContain("undefined", "function", "NaN", "null");
                    assertThat(row.get(1)).startsWith("mnist-cnn");
                    assertThat(row.get(3)).startsWith("mnist-clean");
                    assertThat(row.get(5)).matches("\\d{1,3}\\.\\d{2}%");
                });
                assertThat(compared).filteredOn(row -> row.get(0).equals("scanner-a")).singleElement()
                        .satisfies(row -> assertThat(row.get(6)).matches("[+-]?\\d+\\.\\d{2} \\[[+-]?\\d+\\.\\d{2}, [+-]?\\d+\\.\\d{2}\\] pts"));
                assertThat(compared).filteredOn(row -> UNLABELED_SOURCES.contains(row.get(0)))
                        .allSatisfy(row -> assertThat(List.of(row.get(2), row.get(4), row.get(6))).as("nothing labeled")
                                .containsOnly("–"));

                publish(kafka, 80, 60, true);
                wait.until(b -> count(b, "labeled") >= labeled + 60 && heatmapTotal(b) >= heatmap + 60
                        && text(b, "dead-letters").equals("1"));
                screenshot(browser);
            } catch (RuntimeException | AssertionError e) {
                screenshot(browser);
                throw e;
            } finally {
                browser.quit();
            }
        }
    }

    private static ServiceConfig config(EmbeddedKafka kafka, Path state) throws Exception {
        Map<String, String> flags = new HashMap<>(TOPICS.asConfig());
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "dashboard-browser-it");
        flags.put(ServiceConfig.PARTITIONS.name(), "2");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), "0");
        flags.put(HttpConfig.PUSH_INTERVAL.name(), "300ms");
        // A minute-long current window holds both batches, so its counts can only grow.
        flags.put(MetricsConfig.WINDOW_SIZE.name(), "60s");
        flags.put(MetricsConfig.WINDOW_ADVANCE.name(), "5s");
        flags.put(MetricsConfig.JOIN_WINDOW.name(), "2s");
        flags.put(DriftConfig.MIN_PREDICTIONS.name(), "20");
        flags.put(ChallengerConfig.MODEL.name(), ModelLocator.defaultModelPath().resolveSibling("mnist-clean.zip").toString());
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    /** Inline-labeled images; the first of each batch with a wrong label, so there is a misclassified digit to show. */
    private void publish(EmbeddedKafka kafka, int from, int count, boolean withDeadLetter) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                DigitImage image = DigitRecords.gray8(fixture, i, "dash", SOURCES.get(i % SOURCES.size()), Instant.now(), true);
                if (i == from) {
                    image.setLabel((image.getLabel() + 1) % 10);
                }
                producer.send(new ProducerRecord<>(TOPICS.images(), image.getId().getBytes(),
                        ContractSerdes.digitImage().serialize(TOPICS.images(), image)));
            }
            if (from == 0) {
                for (int i = 0; i < 4; i++) {
                    DigitImage image = DigitRecords.gray8(fixture, 400 + i, "dash", UNLABELED_SOURCES.get(i % 2), Instant.now(), false);
                    producer.send(new ProducerRecord<>(TOPICS.images(), image.getId().getBytes(),
                            ContractSerdes.digitImage().serialize(TOPICS.images(), image)));
                }
            }
            if (withDeadLetter) {
                producer.send(new ProducerRecord<>(TOPICS.images(), "bad".getBytes(), "not an image".getBytes()));
            }
        }
    }

    /** The cells' text of every row of the per-source table, read at once (the table is redrawn with each state). */
    @SuppressWarnings("unchecked")
    private static List<List<String>> sourceRows(WebDriver browser) {
        return (List<List<String>>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll("
                + "'#sources tbody tr')].map(row => [...row.cells].map(cell => cell.textContent));");
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> comparisonRows(WebDriver browser) {
        return (List<List<String>>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll("
                + "'#comparison tbody tr')].filter(row => row.cells.length > 1).map(row => [...row.cells].map(cell => cell.textContent));");
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private static long count(WebDriver browser, String id) {
        String text = text(browser, id).replace(",", "");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    private static long heatmapTotal(WebDriver browser) {
        Object total = ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('#heatmap td.cell')]"
                + ".reduce((sum, cell) => sum + Number(cell.dataset.count), 0);");
        return ((Number) total).longValue();
    }

    /** For a person looking into a failure (or at the dashboard): target/dashboard-browser-it.png. */
    private static void screenshot(WebDriver browser) {
        try {
            Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, Path.of("target", "dashboard-browser-it.png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            // a screenshot is a convenience; the assertions say what went wrong
        }
    }
}
