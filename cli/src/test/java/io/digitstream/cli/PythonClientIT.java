package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.model.ModelLocator;
import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.idx.LabeledImages;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.Await;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client of {@code examples/python}, written from docs/wire-format.md alone, against a real broker and the
 * classifier service with the shipped model: a folder of MNIST test images (PNG and JPEG) published by
 * {@code publish_folder.py} comes back as predictions through {@code tail_predictions.py}. Skipped when no python3 can
 * import {@code confluent_kafka} and {@code avro} (Debian: {@code python3-confluent-kafka python3-avro}).
 */
class PythonClientIT {

    private static final int PNGS = 300;
    private static final int JPEGS = 20;
    /** One more PNG that labels.csv does not list: its prediction has no label. */
    private static final int IMAGES = PNGS + JPEGS + 1;
    private static final String SOURCE = "py-mnist";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    private static Path python;
    private static Path examples;

    @BeforeAll
    static void findPython() throws Exception {
        examples = repositoryRoot().resolve("examples/python");
        python = pythonWithTheClientModules().orElse(null);
    }

    /** In each test rather than once, so that the report counts the tests as skipped, with the reason. */
    @BeforeEach
    void needsPython() {
        Assumptions.assumeTrue(python != null, "no python3 (tried /usr/bin/python3, then PATH) imports"
                + " confluent_kafka and avro; on Debian: apt-get install python3-confluent-kafka python3-avro");
    }

    @Test
    void publishesAFolderAndReadsEveryPredictionBack(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectory(work.resolve("digits"));
        Map<String, Integer> labels = writeMnistFolder(folder);

        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode();
                ClassifierService service = ClassifierService.load(serviceConfig(kafka, work.resolve("state")))) {
            service.createTopics();
            service.start();
            Await.until(service::state, KafkaStreams.State.RUNNING::equals, "the service running", Duration.ofMinutes(1),
                    Duration.ofMillis(100));
            String bootstrap = kafka.bootstrapServers();

            Run published = run("publish_folder.py", folder.toString(), "--bootstrap-server", bootstrap,
                    "--source", SOURCE);
            assertThat(published.exit()).as(published.toString()).isZero();
            assertThat(published.stdout()).contains("published " + IMAGES + " images to digit-images (labels inline),"
                    + " skipped 2 files");
            assertThat(published.stderr()).contains("skipping " + folder.resolve("notes.txt") + ": not an image")
                    .contains("skipping " + folder.resolve("broken.png") + ": bad PNG header: no IHDR chunk");

            Run all = tail(bootstrap, IMAGES, 120);
            List<JsonNode> predictions = jsonLines(all);
            assertThat(predictions).hasSize(IMAGES);
            List<String> ids = predictions.stream().map(p -> p.get("id").asText()).toList();
            assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(labels.keySet());
            int labeled = 0;
            int correct = 0;
            for (JsonNode p : predictions) {
                Integer label = labels.get(p.get("id").asText());
                assertThat(p.get("source").asText()).isEqualTo(SOURCE);
                assertThat(p.get("probabilities")).hasSize(10);
                assertThat(p.get("probabilities").get(p.get("digit").asInt()).asDouble())
                        .isEqualTo(p.get("confidence").asDouble());
                assertThat(p.get("modelVersion").asText()).isNotBlank();
                assertThat(p.get("classificationTime").asLong()).isGreaterThanOrEqualTo(p.get("captureTime").asLong());
                if (label == null) {
                    assertThat(p.get("label").isNull()).as(p.toString()).isTrue();
                } else {
                    assertThat(p.get("label").asInt()).as(p.toString()).isEqualTo(label);
                    labeled++;
                    correct += p.get("digit").asInt() == label ? 1 : 0;
                }
            }
            assertThat(labeled).isEqualTo(IMAGES - 1);
            System.out.printf("PythonClientIT: %d images published, %d predictions read back, %d of %d labeled correct%n",
                    IMAGES, predictions.size(), correct, labeled);
            assertThat((double) correct / labeled).as("accuracy on %d labeled MNIST test images", labeled)
                    .isGreaterThanOrEqualTo(0.95);

            // --max at the number of records there are minus one, and plus one, where the idle timeout ends the run
            assertThat(jsonLines(tail(bootstrap, IMAGES - 1, 120))).hasSize(IMAGES - 1);
            assertThat(jsonLines(tail(bootstrap, IMAGES + 1, 10))).hasSize(IMAGES);
        }
    }

    @Test
    void reportsRecordsThatAreNotPredictionsAndGoesOn(@TempDir Path work) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            String topic = "mixed";
            kafka.createTopics(List.of(topic), 1, (short) 1);
            Properties properties = new Properties();
            properties.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, "not avro".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(topic, ContractSerdes.digitImage().serialize(topic, DigitImage.newBuilder()
                        .setId("x").setSource("s").setCaptureTime(Instant.ofEpochMilli(1)).setWidth(1).setHeight(1)
                        .setEncoding(PixelEncoding.GRAY8).setPixels(ByteBuffer.wrap(new byte[] {0})).build())));
                producer.send(new ProducerRecord<>(topic, ContractSerdes.prediction().serialize(topic, Prediction.newBuilder()
                        .setId("java-1").setSource("s").setDigit(4).setConfidence(0.75f)
                        .setProbabilities(List.of(0f, 0f, 0f, 0f, 0.75f, 0.25f, 0f, 0f, 0f, 0f)).setModelVersion("v1")
                        .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_123L))
                        .setClassificationTime(Instant.ofEpochMilli(1_700_000_000_456L)).setLabel(4).build())));
            }

            Run tail = run("tail_predictions.py", "--bootstrap-server", kafka.bootstrapServers(), "--topic", topic,
                    "--from-beginning", "--timeout", "10");

            assertThat(tail.exit()).as(tail.toString()).isZero();
            assertThat(tail.stderr()).contains("skipping mixed/0@0: not an Avro single-object encoded Prediction")
                    .contains("skipping mixed/0@1: written with the schema of fingerprint cf5b98a5a370d5eb, not the"
                            + " Prediction schema this client knows (1d929174005134ac)");
            List<JsonNode> predictions = jsonLines(tail);
            assertThat(predictions).hasSize(1);
            assertThat(predictions.get(0).toString()).isEqualTo("{\"id\":\"java-1\",\"source\":\"s\",\"digit\":4,"
                    + "\"confidence\":0.75,\"probabilities\":[0.0,0.0,0.0,0.0,0.75,0.25,0.0,0.0,0.0,0.0],"
                    + "\"modelVersion\":\"v1\",\"captureTime\":1700000000123,\"classificationTime\":1700000000456,"
                    + "\"label\":4}");
        }
    }

    /**
     * MNIST test images 0..319 as {@code 00000.png}..., the last {@value #JPEGS} as JPEG, plus {@code unlabeled.png}
     * (image 320) that labels.csv leaves out, a file that is no image and a PNG cut short in its header.
     *
     * @return the label by the id the service will see (null for the unlabeled one)
     */
    private static Map<String, Integer> writeMnistFolder(Path folder) throws IOException {
        LabeledImages mnist = MnistDataset.test(MnistFetcher.withDefaults());
        Map<String, Integer> labels = new HashMap<>();
        StringBuilder csv = new StringBuilder("file,label\n");
        for (int i = 0; i < PNGS + JPEGS; i++) {
            String format = i < PNGS ? "png" : "jpg";
            String name = String.format("%05d.%s", i, format);
            write(mnist, i, format, folder.resolve(name));
            csv.append(name).append(',').append(mnist.label(i)).append('\n');
            labels.put(SOURCE + "/" + name, mnist.label(i));
        }
        write(mnist, PNGS + JPEGS, "png", folder.resolve("unlabeled.png"));
        labels.put(SOURCE + "/unlabeled.png", null);
        Files.writeString(folder.resolve("labels.csv"), csv);
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        byte[] png = Files.readAllBytes(folder.resolve("00000.png"));
        Files.write(folder.resolve("broken.png"), Arrays.copyOf(png, 20));
        return labels;
    }

    private static void write(LabeledImages mnist, int index, String format, Path file) throws IOException {
        BufferedImage image = new BufferedImage(mnist.width(), mnist.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, mnist.width(), mnist.height(), mnist.image(index));
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }

    private static ServiceConfig serviceConfig(EmbeddedKafka kafka, Path stateDir) throws IOException {
        Map<String, String> flags = new HashMap<>(Topics.DEFAULT.asConfig());
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(ServiceConfig.PARTITIONS.name(), "3");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), "-1");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags),
                ModelLocator.defaultModelPath());
    }

    private static Run tail(String bootstrap, int max, int idleSeconds) throws Exception {
        Run tail = run("tail_predictions.py", "--bootstrap-server", bootstrap, "--from-beginning", "--max",
                Integer.toString(max), "--timeout", Integer.toString(idleSeconds));
        assertThat(tail.exit()).as(tail.toString()).isZero();
        assertThat(tail.stderr()).as("nothing skipped").doesNotContain("skipping");
        return tail;
    }

    private static List<JsonNode> jsonLines(Run run) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout().strip().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** Runs one of the example's scripts with the chosen python3, its output in files so no pipe can fill up. */
    private static Run run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(python.toString(), examples.resolve(script).toString()));
        Collections.addAll(command, args);
        File out = File.createTempFile("python-client", ".out");
        File err = File.createTempFile("python-client", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
            Process process = builder.start();
            if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " still running after " + RUN_LIMIT + "; stderr: "
                        + Files.readString(err.toPath()));
            }
            return new Run(command, process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    private record Run(List<String> command, int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + " exited with " + exit + "; stderr:\n" + stderr;
        }
    }

    /**
     * Debian's packages install into /usr/bin/python3's library, which a python3 earlier on the PATH (pyenv, a
     * virtualenv) does not see: the first of /usr/bin/python3 and the PATH's python3s that imports both modules.
     */
    private static Optional<Path> pythonWithTheClientModules() throws InterruptedException {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/python3")));
        String path = System.getenv().getOrDefault("PATH", "");
        Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "python3")).forEach(candidates::add);
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate) && importsTheModules(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean importsTheModules(Path candidate) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(candidate.toString(), "-c", "import confluent_kafka, avro.io")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/python/publish_folder.py"))) {
                return dir;
            }
        }
        throw new IllegalStateException("examples/python/publish_folder.py not found above " + Path.of("").toAbsolutePath());
    }
}
