package io.digitstream.classifier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.review.ReviewConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * The review loop end to end on a real broker and in Debian's headless Chromium: ambiguous images (one digit drawn
 * over another) fall under the shipped model's calibrated review threshold, reach the review topic and the review page,
 * which shows the image (rendered to PNG by the service from the record's bytes); one key press publishes the label
 * event, found on the labels topic with the image's id and the digit pressed. Skipped without chromium/chromedriver.
 */
class ReviewBrowserIT {

    private static final Topics TOPICS = Topics.withPrefix("review");
    private static final String REVIEW_TOPIC = "review-digit-review";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LabeledImages fixture = MnistFixture.test500();
    private final Map<String, DigitImage> sent = new HashMap<>();

    @Test
    void aLowConfidenceImageIsShownAndOneKeyPressPublishesItsLabel(@TempDir Path state, @TempDir Path profile)
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
            publish(kafka);
            URI base = service.httpAddress().orElseThrow();

            WebDriver browser = HeadlessChromium.open(profile, 1000, 700);
            try {
                browser.get(base.resolve("review").toString());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
                wait.until(b -> !b.findElement(By.id("id")).getText().isBlank() && imageLoaded(b));
                String id = browser.findElement(By.id("id")).getText().strip();
                assertThat(sent).as("the page shows an image that was published").containsKey(id);
                String predicted = browser.findElement(By.id("predicted")).getText();
                assertThat(predicted).matches("[0-9]");
                double confidence = Double.parseDouble(browser.findElement(By.id("confidence")).getText());
                double threshold = Double.parseDouble(browser.findElement(By.id("threshold")).getText());
                assertThat(confidence).as("shown because it is under the threshold").isLessThanOrEqualTo(threshold);
                assertThat(png(base, id)).as("the PNG the service rendered is the image's own pixels")
                        .isEqualTo(sent.get(id).getPixels().array());

                int label = (Integer.parseInt(predicted) + 1) % 10;
                browser.findElement(By.tagName("body")).sendKeys(Integer.toString(label));
                wait.until(b -> b.findElement(By.id("status")).getText().contains(id + ": labeled " + label));
                screenshot(browser);

                LabelEvent event = labelOf(kafka, id);
                assertThat(event.getId()).isEqualTo(id);
                assertThat(event.getLabel()).isEqualTo(label);
                assertThat(event.getSource()).isEqualTo(sent.get(id).getSource());
                assertThat(post(base, "api/review/label", "id=" + id + "&digit=3", null).statusCode())
                        .as("labeled already: no longer pending").isEqualTo(404);
                refusesBadInput(base);
                browser.get(base.toString());
                wait.until(b -> b.findElement(By.id("review-link")).isDisplayed());
                browser.findElement(By.id("review-link")).click();
                wait.until(b -> b.getCurrentUrl().endsWith("/review"));
            } catch (RuntimeException | AssertionError e) {
                screenshot(browser);
                throw e;
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * {@code digits.review.pending.max} through the real path: with a threshold of 1 every prediction is reviewed; of 4
     * images on one partition, a page limited to 3 keeps the newest 3, and offers the oldest of them first.
     */
    @Test
    void thePageKeepsTheNewestPendingMaxRequests(@TempDir Path state) throws Exception {
        Map<String, String> overrides = Map.of(ReviewConfig.THRESHOLD.name(), "1", ReviewConfig.PENDING_MAX.name(), "3",
                ServiceConfig.PARTITIONS.name(), "1", ServiceConfig.BATCH_SIZE.name(), "1",
                StreamsConfig.APPLICATION_ID_CONFIG, "review-pending-it");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode();
                ClassifierService service = new ClassifierService(config(kafka, state, overrides), TestModels.shipped())) {
            service.createTopics();
            service.start();
            URI base = service.httpAddress().orElseThrow();
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 4; i++) {
                    // drawn over the next digit, so that no calibrated confidence is 1
                    DigitImage image = overlaid(DigitRecords.gray8(fixture, i, "pend", "scanner", Instant.now(), false), i);
                    producer.send(new ProducerRecord<>(TOPICS.images(), image.getId().getBytes(StandardCharsets.UTF_8),
                            ContractSerdes.digitImage().serialize(TOPICS.images(), image))).get();
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            JsonNode next = ServiceHttp.getJson(base, "api/review/next");
            while (!(next.has("id") && next.get("id").asText().equals("pend-00001")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                next = ServiceHttp.getJson(base, "api/review/next");
            }
            Thread.sleep(1000); // nothing more may come
            next = ServiceHttp.getJson(base, "api/review/next");
            assertThat(next.get("capacity").asInt()).isEqualTo(3);
            assertThat(next.get("pending").asInt()).isEqualTo(3);
            assertThat(next.get("id").asText()).as("pend-00000 was dropped for the newest three").isEqualTo("pend-00001");
            assertThat(next.get("threshold").asDouble()).isEqualTo(1.0);
            assertThat(post(base, "api/review/label", "id=pend-00000&digit=7", null).statusCode())
                    .as("a dropped request is no longer pending").isEqualTo(404);
        }
    }

    /** Validation of the POST endpoint; each refusal publishes nothing (the pending count does not change). */
    private void refusesBadInput(URI base) throws Exception {
        JsonNode next = ServiceHttp.getJson(base, "api/review/next");
        assertThat(next.has("id")).as("another ambiguous image waits").isTrue();
        String id = next.get("id").asText();
        int pending = next.get("pending").asInt();
        HttpResponse<String> notADigit = post(base, "api/review/label", "id=" + id + "&digit=12", null);
        assertThat(notADigit.statusCode()).isEqualTo(400);
        assertThat(notADigit.body()).contains("digit must be one of 0..9, not '12'");
        assertThat(post(base, "api/review/label", "id=" + id + "&digit=x", null).statusCode()).isEqualTo(400);
        assertThat(post(base, "api/review/label", "id=" + id, null).body()).contains("the form has no digit");
        HttpResponse<String> unknown = post(base, "api/review/label", "id=no-such-image&digit=3", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no pending review for id no-such-image");
        assertThat(post(base, "api/review/label", "id=" + id + "&digit=3", "http://evil.example").statusCode())
                .as("a POST from another site").isEqualTo(403);
        assertThat(HTTP.send(HttpRequest.newBuilder(base.resolve("api/review/label")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("GET on the label endpoint").isEqualTo(405);
        assertThat(rawStatus(base, "POST /api/review/label HTTP/1.1\r\nHost: rebinding.example\r\nContent-Length: 15\r\n"
                + "Connection: close\r\n\r\nid=x&digit=3000")).as("a foreign Host header").contains(" 403 ");
        assertThat(ServiceHttp.getJson(base, "api/review/next").get("pending").asInt()).isEqualTo(pending);
    }

    private static ServiceConfig config(EmbeddedKafka kafka, Path state) throws Exception {
        return config(kafka, state, Map.of());
    }

    private static ServiceConfig config(EmbeddedKafka kafka, Path state, Map<String, String> overrides) throws Exception {
        Map<String, String> flags = new HashMap<>(TOPICS.asConfig());
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "review-browser-it");
        flags.put(ServiceConfig.PARTITIONS.name(), "2");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), "0");
        flags.put(ReviewConfig.ENABLED.name(), "true");
        flags.put(ReviewConfig.TOPIC.name(), REVIEW_TOPIC);
        flags.putAll(overrides);
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    /** Unlabeled images: clean digits and, every fourth, a digit drawn over the next one, which the model is unsure of. */
    private void publish(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 80; i++) {
                DigitImage image = DigitRecords.gray8(fixture, i, "rev", "scanner-" + (i % 2), Instant.now(), false);
                if (i % 4 == 3) {
                    image = overlaid(image, i);
                }
                sent.put(image.getId(), image);
                producer.send(new ProducerRecord<>(TOPICS.images(), image.getId().getBytes(StandardCharsets.UTF_8),
                        ContractSerdes.digitImage().serialize(TOPICS.images(), image)));
            }
        }
    }

    /** {@code image} (digit i) with digit i + 1 drawn over it: an ambiguous image. */
    private DigitImage overlaid(DigitImage image, int i) {
        byte[] a = fixture.image(i);
        byte[] b = fixture.image(i + 1);
        byte[] both = new byte[a.length];
        for (int p = 0; p < a.length; p++) {
            both[p] = (byte) Math.max(a[p] & 0xFF, b[p] & 0xFF);
        }
        image.setPixels(ByteBuffer.wrap(both));
        return image;
    }

    private static boolean imageLoaded(WebDriver browser) {
        Object width = ((JavascriptExecutor) browser).executeScript("const i = document.getElementById('image');"
                + " return i.complete && i.src ? i.naturalWidth : 0;");
        return ((Number) width).intValue() > 0;
    }

    private static byte[] png(URI base, String id) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(base.resolve("api/review/image?id="
                + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(28);
        byte[] gray = new byte[28 * 28];
        image.getRaster().getDataElements(0, 0, 28, 28, gray);
        return gray;
    }

    private static HttpResponse<String> post(URI base, String path, String form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rawStatus(URI base, String request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.lines().findFirst().orElse("");
        }
    }

    /** The label event of {@code id} on the labels topic, read from the start. */
    private static LabelEvent labelOf(EmbeddedKafka kafka, String id) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "review-it-labels");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPICS.labels()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(record.key())) {
                        return ContractSerdes.labelEvent().deserialize(record.topic(), record.value());
                    }
                }
            }
        }
        throw new AssertionError("no label event for " + id + " on " + TOPICS.labels());
    }

    /** For a person looking at the page or into a failure: target/review-browser-it.png. */
    private static void screenshot(WebDriver browser) {
        try {
            Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, Path.of("target", "review-browser-it.png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            // a screenshot is a convenience; the assertions say what went wrong
        }
    }
}
