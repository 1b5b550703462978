package io.digitstream.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.cli.Digits;
import io.digitstream.cli.bench.ServiceProcess;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The service and the tools against a broker whose only client listener is SASL_SSL (TLS with the test's own CA,
 * then SCRAM-SHA-256) with ACLs ({@link SaslSslBroker}).
 *
 * <ul>
 * <li>{@code digits serve}, in its own JVM as in production and configured only by a properties file (bootstrap
 *     servers, SASL_SSL, its SCRAM user, the truststore), classifies MNIST images end to end, read back
 *     {@code read_committed};</li>
 * <li>clients without the CA in their truststore, without SASL credentials, with a wrong password, or without TLS
 *     are refused; the service's user is refused on a topic outside its ACLs;</li>
 * <li>{@code publish mnist}, {@code verify}, {@code tail predictions} and {@code tail dead-letters}, each given only
 *     {@code --bootstrap-server} and {@code --config} with another SCRAM user, publish, count and read back; without the
 *     file, with a wrong password or with an untrusted CA they end with exit code 2 and a one-line reason, within their
 *     timeouts.</li>
 * </ul>
 */
class TlsSaslIT {

    private static final String SERVICE_USER = "classifier";
    private static final String SERVICE_PASSWORD = "classifier-secret";
    private static final String TOOLS_USER = "operator";
    private static final String TOOLS_PASSWORD = "operator-secret";
    private static final String FOREIGN_TOPIC = "payroll";
    private static final Topics TOPICS = Topics.DEFAULT;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static SaslSslBroker broker;
    private static ServiceProcess service;
    private static Path serviceLog;
    /** Every record published to the images topic by any test of this class: what {@code verify} must count. */
    private static final AtomicInteger imagesPublished = new AtomicInteger();
    private static final AtomicInteger unreadablePublished = new AtomicInteger();

    @BeforeAll
    static void startBrokerAndService() throws Exception {
        broker = SaslSslBroker.start(dir);
        try (Admin admin = Admin.create(broker.admin())) {
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(SERVICE_USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                            SERVICE_PASSWORD),
                    new UserScramCredentialUpsertion(TOOLS_USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                            TOOLS_PASSWORD))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic(FOREIGN_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.admin())) {
            producer.send(new ProducerRecord<>(FOREIGN_TOPIC, bytes("salary"), bytes("confidential"))).get(30, TimeUnit.SECONDS);
        }

        Path config = dir.resolve("classifier.properties");
        Files.writeString(config, String.join("\n",
                "# what an operator would write for the service: nothing else is given to it",
                "bootstrap.servers=" + broker.bootstrapServers(),
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-256",
                "sasl.jaas.config=" + SaslSslBroker.scramJaas(SERVICE_USER, SERVICE_PASSWORD),
                "ssl.truststore.location=" + broker.certificates().truststore(),
                "ssl.truststore.password=" + broker.certificates().password(),
                "state.dir=" + dir.resolve("service-state"),
                "digits.topic.partitions=3",
                "digits.topic.replication=1",
                "digits.http.port=0",
                ""));
        serviceLog = dir.resolve("service.log");
        service = ServiceProcess.start(config, serviceLog, "1g");
        if (!service.awaitRunning(Duration.ofMinutes(4))) {
            throw new AssertionError("serve did not reach RUNNING (alive: " + service.isAlive() + "):\n" + tail(serviceLog));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void theClientListenerIsSaslSsl() {
        assertThat(broker.clientListenerProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
    }

    @Test
    void theServiceClassifiesEndToEndWithItsOwnCredentials() throws Exception {
        LabeledImages digits = MnistFixture.test500();
        int n = 40;
        Map<String, Integer> labels = new HashMap<>();
        // Published by the operator's user: the service's user only reads them.
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.scram(TOOLS_USER, TOOLS_PASSWORD))) {
            for (int i = 0; i < n; i++) {
                DigitImage image = DigitRecords.gray8(digits, i, "tls-it", "tls-it", Instant.now(), true);
                labels.put(image.getId(), digits.label(i));
                producer.send(new ProducerRecord<>(TOPICS.images(), bytes(image.getId()),
                        ContractSerdes.digitImage().serialize(TOPICS.images(), image))).get(30, TimeUnit.SECONDS);
                imagesPublished.incrementAndGet();
            }
        }

        Map<String, List<Prediction>> predictions = readPredictions(broker.scram(TOOLS_USER, TOOLS_PASSWORD),
                labels.keySet(), Duration.ofMinutes(2));

        assertThat(predictions.keySet()).as("a prediction for every image (service log:\n%s)", tailQuietly(serviceLog))
                .isEqualTo(labels.keySet());
        assertThat(predictions.values()).allSatisfy(each -> assertThat(each).as("one prediction per image").hasSize(1));
        long correct = predictions.values().stream().map(each -> each.get(0))
                .filter(p -> p.getDigit() == labels.get(p.getId()))
                .count();
        assertThat(correct).as("correct of %d", n).isGreaterThanOrEqualTo(n - 2);
        assertThat(predictions.values()).allSatisfy(each -> assertThat(each.get(0).getLabel()).isEqualTo(labels.get(each.get(0).getId())));
        assertThat(service.isAlive()).isTrue();
    }

    @Test
    void clientsWithoutTheCaCredentialsOrTlsAreRefused() throws Exception {
        // The control: what the refused clients lack, this one has.
        assertThat(clusterId(broker.scram(SERVICE_USER, SERVICE_PASSWORD))).isNotBlank();

        Properties noTruststore = broker.scram(SERVICE_USER, SERVICE_PASSWORD);
        noTruststore.remove("ssl.truststore.location");
        noTruststore.remove("ssl.truststore.password");
        assertThatThrownBy(() -> clusterId(noTruststore)).as("the JDK's default CAs do not know the broker")
                .cause().isInstanceOf(SslAuthenticationException.class).hasMessageContaining("SSL handshake failed");

        Properties otherCa = broker.scram(SERVICE_USER, SERVICE_PASSWORD);
        otherCa.put("ssl.truststore.location", broker.certificates().strangerTruststore().toString());
        assertThatThrownBy(() -> clusterId(otherCa)).as("a truststore of another CA")
                .cause().isInstanceOf(SslAuthenticationException.class);

        assertThatThrownBy(() -> clusterId(broker.scram(SERVICE_USER, "guess"))).as("a wrong password")
                .cause().isInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> clusterId(broker.scram("mallory", SERVICE_PASSWORD))).as("an unknown user")
                .cause().isInstanceOf(SaslAuthenticationException.class);

        // Without SASL credentials (TLS only), or without TLS, the broker never answers: it closes the connection.
        assertThatThrownBy(() -> clusterId(broker.tls())).as("TLS without SASL credentials")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        Properties noTls = broker.scram(SERVICE_USER, SERVICE_PASSWORD);
        noTls.put("security.protocol", "SASL_PLAINTEXT");
        assertThatThrownBy(() -> clusterId(noTls)).as("the right credentials in the clear")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        Properties plaintext = new Properties();
        plaintext.put("bootstrap.servers", broker.bootstrapServers());
        assertThatThrownBy(() -> clusterId(plaintext)).as("no security settings at all")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void theServicesUserIsConfinedToItsTopics() throws Exception {
        Properties service = broker.scram(SERVICE_USER, SERVICE_PASSWORD);
        // The control: it may describe its own topics (and the foreign one exists, with a record).
        try (Admin admin = Admin.create(service)) {
            assertThat(admin.describeTopics(List.of(TOPICS.images())).allTopicNames().get(30, TimeUnit.SECONDS))
                    .containsKey(TOPICS.images());
        }
        assertThatThrownBy(() -> send(service, FOREIGN_TOPIC)).as("writing outside its ACLs")
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> readOne(service, FOREIGN_TOPIC)).as("reading outside its ACLs")
                .isInstanceOf(TopicAuthorizationException.class);
        try (Admin admin = Admin.create(service)) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("payroll-copy", 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS)).as("creating a topic outside its prefix")
                    .cause().isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(readOne(broker.admin(), FOREIGN_TOPIC)).as("the super user reads it").isEqualTo("confidential");
    }

    @Test
    void theToolsWorkWithOnlyBootstrapServerAndConfigAndAreRefusedWithoutIt() throws Exception {
        Path tools = writeClientConfig("operator.properties", broker.scram(TOOLS_USER, TOOLS_PASSWORD));
        String bootstrap = broker.bootstrapServers();
        int n = 60;

        Run publish = run("publish", "mnist", "--limit", String.valueOf(n), "--bootstrap-server", bootstrap, "--config", tools.toString());
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        assertThat(publish.out()).contains("published " + n + " images to " + TOPICS.images());
        imagesPublished.addAndGet(n);
        // One record that is no image, so that the dead-letter side is exercised too (by the same user, plain client).
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.scram(TOOLS_USER, TOOLS_PASSWORD))) {
            producer.send(new ProducerRecord<>(TOPICS.images(), bytes("not-an-image"), bytes("garbage"))).get(30, TimeUnit.SECONDS);
            unreadablePublished.incrementAndGet();
        }

        Run verify = run("verify", "--json", "--wait", "120", "--bootstrap-server", bootstrap, "--config", tools.toString());
        assertThat(verify.exitCode()).as(verify + "\nservice log:\n" + tailQuietly(serviceLog)).isZero();
        JsonNode counts = lastJsonLine(verify.out());
        int inputs = imagesPublished.get() + unreadablePublished.get();
        assertThat(counts.get("conserved").asBoolean()).as(counts.toString()).isTrue();
        assertThat(counts.get("inputs").asInt()).as(counts.toString()).isEqualTo(inputs);
        assertThat(counts.get("predictions").asInt()).as(counts.toString()).isEqualTo(imagesPublished.get());
        assertThat(counts.get("deadLetters").asInt()).as(counts.toString()).isEqualTo(unreadablePublished.get());
        assertThat(counts.get("lost").asInt()).isZero();
        assertThat(counts.get("duplicated").asInt()).isZero();
        assertThat(counts.get("unexpected").asInt()).isZero();

        int predictionCount = counts.get("predictions").asInt();
        Run tail = run("tail", "predictions", "--json", "--from-beginning", "--max", String.valueOf(predictionCount),
                "--timeout", "30", "--bootstrap-server", bootstrap, "--config", tools.toString());
        assertThat(tail.exitCode()).as(tail.toString()).isZero();
        List<JsonNode> predictions = jsonLines(tail.out());
        assertThat(predictions).hasSize(predictionCount);
        List<JsonNode> mnist = predictions.stream().filter(p -> p.get("id").asText().startsWith("mnist-test-")).toList();
        Set<String> expectedIds = new HashSet<>(IntStream.range(0, n).mapToObj(i -> String.format("mnist-test-%05d", i)).toList());
        assertThat(mnist).hasSize(n);
        assertThat(mnist.stream().map(p -> p.get("id").asText()).toList()).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(mnist).allSatisfy(p -> assertThat(p.get("label").isInt()).as(p.toString()).isTrue());
        long correct = mnist.stream().filter(p -> p.get("digit").asInt() == p.get("label").asInt()).count();
        assertThat(correct).as("correct of %d", n).isGreaterThanOrEqualTo(n - 3);

        Run deadLetters = run("tail", "dead-letters", "--json", "--from-beginning", "--max",
                String.valueOf(unreadablePublished.get()), "--timeout", "30", "--bootstrap-server", bootstrap, "--config", tools.toString());
        assertThat(deadLetters.exitCode()).as(deadLetters.toString()).isZero();
        List<JsonNode> letters = jsonLines(deadLetters.out());
        assertThat(letters).hasSize(unreadablePublished.get());
        assertThat(letters.get(0).get("imageId").asText()).isEqualTo("not-an-image");
        assertThat(letters.get(0).get("stage").asText()).isEqualTo("DESERIALIZE");

        // Refused: the same commands without the file, with a wrong password, with a truststore of another CA.
        Properties wrongPassword = broker.scram(TOOLS_USER, "guess");
        Path wrongPasswordFile = writeClientConfig("wrong-password.properties", wrongPassword);
        Properties otherCa = broker.scram(TOOLS_USER, TOOLS_PASSWORD);
        otherCa.put("ssl.truststore.location", broker.certificates().strangerTruststore().toString());
        Path otherCaFile = writeClientConfig("other-ca.properties", otherCa);
        List<List<String>> commands = List.of(
                List.of("publish", "mnist", "--limit", "5"),
                List.of("tail", "predictions", "--from-beginning", "--max", "1", "--timeout", "5"),
                List.of("verify", "--json"));
        Map<String, Future<Timed>> runs = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(commands.size() * 3);
        try {
            for (List<String> command : commands) {
                String name = String.join(" ", command);
                runs.put("no config: " + name, pool.submit(() -> timed(command, "--bootstrap-server", bootstrap)));
                runs.put("wrong password: " + name, pool.submit(() -> timed(command, "--bootstrap-server", bootstrap,
                        "--config", wrongPasswordFile.toString())));
                runs.put("other CA: " + name, pool.submit(() -> timed(command, "--bootstrap-server", bootstrap,
                        "--config", otherCaFile.toString())));
            }
            Map<String, Timed> outcomes = new java.util.TreeMap<>();
            for (Map.Entry<String, Future<Timed>> entry : runs.entrySet()) {
                outcomes.put(entry.getKey(), entry.getValue().get(5, TimeUnit.MINUTES));
            }
            outcomes.forEach((what, refused) -> System.out.printf("refused: %s -> exit %d after %.1f s: %s%n", what,
                    refused.run().exitCode(), refused.seconds(), refused.run().err().strip()));
            for (Map.Entry<String, Timed> entry : outcomes.entrySet()) {
                Timed refused = entry.getValue();
                String what = entry.getKey() + " -> " + refused;
                assertThat(refused.run().exitCode()).as(what).isEqualTo(2);
                assertThat(refused.run().err().strip()).as(what).startsWith("digits " + entry.getKey()
                        .substring(entry.getKey().indexOf(": ") + 2).split(" --")[0] + ": Kafka error: ");
                assertThat(refused.run().out()).as(what).doesNotContain("published").doesNotContain("\"conserved\"");
                if (entry.getKey().startsWith("wrong password")) {
                    assertThat(refused.run().err()).as(what).contains("Authentication failed");
                    assertThat(refused.seconds()).as(what).isLessThan(30);
                } else if (entry.getKey().startsWith("other CA")) {
                    assertThat(refused.run().err()).as(what).contains("SSL handshake failed");
                    assertThat(refused.seconds()).as(what).isLessThan(30);
                } else {
                    // A plaintext client gets its connections closed and nothing else: the tools' timeouts end it.
                    // Kafka's words: "Timeout expired while fetching topic metadata" (consumers), "Topic ... not
                    // present in metadata after 60000 ms." (the producer's max.block.ms)
                    assertThat(refused.run().err()).as(what).containsPattern("(?i)timeout|after \\d+ ms");
                    assertThat(refused.seconds()).as(what).isLessThan(150);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Run after = run("verify", "--json", "--bootstrap-server", bootstrap, "--config", tools.toString());
        assertThat(lastJsonLine(after.out()).get("inputs").asInt()).as("the refused publishers wrote nothing").isEqualTo(inputs);
    }

    // ---- the command line, in this JVM, exactly as bin/digits builds it

    record Run(int exitCode, String out, String err) {
    }

    record Timed(Run run, double seconds) {
    }

    private static Timed timed(List<String> command, String... more) throws Exception {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(more));
        long start = System.nanoTime();
        Run run = run(args.toArray(String[]::new));
        return new Timed(run, (System.nanoTime() - start) / 1e9);
    }

    private static Run run(String... args) throws Exception {
        Method factory = Digits.class.getDeclaredMethod("commandLine"); // package-private: the tree with its exit codes
        factory.setAccessible(true);
        CommandLine commandLine = (CommandLine) factory.invoke(null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Path writeClientConfig(String name, Properties properties) throws IOException {
        Path file = dir.resolve(name);
        List<String> lines = new ArrayList<>();
        properties.forEach((key, value) -> {
            if (!"bootstrap.servers".equals(key)) { // given with --bootstrap-server
                lines.add(key + "=" + value);
            }
        });
        Files.write(file, lines);
        return file;
    }

    private static List<JsonNode> jsonLines(String out) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private static JsonNode lastJsonLine(String out) throws IOException {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    // ---- plain clients

    private static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        // The service, with application.id digit-classifier: as the README's Security section lists.
        String service = "User:" + SERVICE_USER;
        acls.add(allow(ResourceType.TOPIC, "digit-", PatternType.PREFIXED, service, AclOperation.ALL));
        acls.add(allow(ResourceType.GROUP, "digit-classifier", PatternType.PREFIXED, service, AclOperation.ALL));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, "digit-classifier", PatternType.PREFIXED, service, AclOperation.ALL));
        acls.add(allow(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, service, AclOperation.DESCRIBE));
        // The tools: read and write the digit- topics, no group, no transactions, no topic creation.
        String tools = "User:" + TOOLS_USER;
        for (AclOperation operation : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(ResourceType.TOPIC, "digit-", PatternType.PREFIXED, tools, operation));
        }
        return acls;
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static KafkaProducer<byte[], byte[]> producer(Properties client) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("max.block.ms", "20000");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(Properties client, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(client)) {
            producer.send(new ProducerRecord<>(topic, bytes("x"))).get(20, TimeUnit.SECONDS);
        }
    }

    /** The value of the first record of partition 0, or an exception when refused. */
    private static String readOne(Properties client, String topic) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    return new String(record.value(), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** Predictions of the given ids, read_committed from the beginning, until each has one or the timeout passes. */
    private static Map<String, List<Prediction>> readPredictions(Properties client, Set<String> ids, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        Map<String, List<Prediction>> found = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.predictions(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < ids.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Prediction prediction = ContractSerdes.prediction().deserialize(record.topic(), record.value());
                    if (ids.contains(prediction.getId())) {
                        found.computeIfAbsent(prediction.getId(), id -> new ArrayList<>()).add(prediction);
                    }
                }
            }
            // A little longer: a duplicate would come soon after.
            for (int i = 0; i < 4; i++) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Prediction prediction = ContractSerdes.prediction().deserialize(record.topic(), record.value());
                    if (ids.contains(prediction.getId())) {
                        found.computeIfAbsent(prediction.getId(), id -> new ArrayList<>()).add(prediction);
                    }
                }
            }
        }
        return found;
    }

    private static String clusterId(Properties client) throws Exception {
        Admin admin = Admin.create(client);
        try {
            return admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        } finally {
            admin.close(Duration.ZERO); // not the default: waiting out the pending call's 60 s API timeout
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static String tailQuietly(Path log) {
        try {
            return tail(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
