package io.digitstream.classifier.http;

import static io.digitstream.classifier.http.ServiceHttp.await;
import static io.digitstream.classifier.http.ServiceHttp.getJson;
import static io.digitstream.classifier.http.ServiceHttp.getText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ChallengerConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.classifier.stream.CanarySelection;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.metrics.PairedAccuracyDifference;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.Scores;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.ModelComparison;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.WindowKind;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shadow run, and a canary of 30%, on a real broker, exactly-once: mnist-cnn is the champion, mnist-clean the
 * challenger. Every input is one prediction or one dead letter; every valid image has one shadow prediction, of the
 * model that did not answer it (the canary's images chosen by id); and the live comparison per
 * source and for all sources (metrics topic, {@code /metrics}, the dashboard's JSON) equals what the two models
 * give offline on the same labeled images: both accuracies, the agreement, the discordant pairs and the interval.
 * A quarter of the images get their label from a label event, so the pair also waits in the join's state.
 */
class ShadowMetricsIT {

    private static final int IMAGES = 400;
    private static final int INVALID = 20;
    private static final List<String> SOURCES = List.of("scanner-a", "scanner-b");

    @ParameterizedTest(name = "canary share {0}")
    @ValueSource(strings = {"0", "0.3"})
    void shadowMetricsEqualThoseComputedOfflineAndNothingIsLostOrDuplicated(String canaryShare, @TempDir Path state)
            throws Exception {
        Path championPath = ModelLocator.defaultModelPath();
        Path challengerPath = championPath.resolveSibling("mnist-clean.zip");
        DigitModel champion = DigitModel.load(championPath);
        DigitModel challenger = DigitModel.load(challengerPath);
        assertThat(champion.version()).isNotEqualTo(challenger.version());
        Topics topics = Topics.withPrefix("shadow");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Map<String, String> flags = new HashMap<>(topics.asConfig());
            flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            flags.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "shadow-it");
            flags.put(ServiceConfig.PARTITIONS.name(), "3");
            flags.put(ServiceConfig.REPLICATION.name(), "1");
            flags.put(ServiceConfig.MODEL.name(), championPath.toString());
            flags.put(ServiceConfig.MODEL_ROUTES.name(), "");
            flags.put(ServiceConfig.ENGINE.name(), "dl4j");
            // Each image read once: on these 400 images the re-reading leaves the two models no discordant pair to test.
            flags.put(Engines.REREAD_BELOW.name(), "0");
            flags.put(ChallengerConfig.MODEL.name(), challengerPath.toString());
            flags.put(ChallengerConfig.CANARY_SHARE.name(), canaryShare);
            flags.put(MetricsConfig.WINDOW_SIZE.name(), "10m");
            flags.put(MetricsConfig.WINDOW_ADVANCE.name(), "10m");
            flags.put(HttpConfig.PORT.name(), "0");
            ServiceConfig config = ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags),
                    Path.of("unused"));
            assertThat(config.challenger().shadowTopic()).isEqualTo("shadow-predictions-shadow");

            LabeledImages fixture = MnistFixture.test500();
            ImagePipeline pipeline = new ImagePipeline(config.limits());
            Map<String, Offline> offline = new HashMap<>();
            try (ClassifierService service = ClassifierService.load(config)) {
                service.createTopics();
                service.start();
                long time = System.currentTimeMillis(); // one record time: every window that holds one image holds all
                try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                    for (int i = 0; i < IMAGES; i++) {
                        String source = SOURCES.get(i % SOURCES.size());
                        boolean inline = i % 4 != 3;
                        DigitImage image = DigitRecords.gray8(fixture, i, "shadow-", source, Instant.ofEpochMilli(time), inline);
                        float[] input = pipeline.modelInput(image);
                        int label = fixture.label(i);
                        offline.put(image.getId(), new Offline(source, label,
                                Scores.argmax(champion.classify(new float[][] {input})[0]),
                                Scores.argmax(challenger.classify(new float[][] {input})[0])));
                        producer.send(new ProducerRecord<>(topics.images(), null, time, image.getId().getBytes(),
                                ContractSerdes.digitImage().serialize(topics.images(), image)));
                        if (!inline) {
                            LabelEvent event = LabelEvent.newBuilder().setId(image.getId()).setLabel(label)
                                    .setTime(Instant.ofEpochMilli(time)).setSource(source).build();
                            producer.send(new ProducerRecord<>(topics.labels(), null, time, image.getId().getBytes(),
                                    ContractSerdes.labelEvent().serialize(topics.labels(), event)));
                        }
                        if (i % (IMAGES / INVALID) == 0) {
                            producer.send(new ProducerRecord<>(topics.images(), null, time, ("broken-" + i).getBytes(),
                                    ("not an image " + i).getBytes()));
                        }
                    }
                }

                // Conservation: one output per input on the main topics, one shadow prediction per valid image.
                Outputs out = read(kafka, topics, config.challenger().shadowTopic(), IMAGES + INVALID, IMAGES);
                assertThat(out.duplicates).isZero();
                assertThat(out.predictions.size() + out.deadLetters.size()).isEqualTo(IMAGES + INVALID);
                assertThat(out.deadLetters).hasSize(INVALID);
                assertThat(out.predictions.keySet()).isEqualTo(offline.keySet());
                assertThat(out.shadow.keySet()).isEqualTo(offline.keySet());
                double share = Double.parseDouble(canaryShare);
                long canary = 0;
                for (Prediction p : out.predictions.values()) {
                    boolean byChallenger = CanarySelection.challengerAnswers(p.getId(), share);
                    canary += byChallenger ? 1 : 0;
                    Prediction other = out.shadow.get(p.getId());
                    assertThat(p.getModelVersion()).as(p.getId()).isEqualTo(byChallenger ? challenger.version() : champion.version());
                    assertThat(other.getModelVersion()).as(p.getId()).isEqualTo(byChallenger ? champion.version() : challenger.version());
                    Offline expected = offline.get(p.getId());
                    assertThat(p.getDigit()).as(p.getId()).isEqualTo(byChallenger ? expected.challenger() : expected.champion());
                    assertThat(other.getDigit()).as(p.getId()).isEqualTo(byChallenger ? expected.champion() : expected.challenger());
                }
                // Binomial(400, share): 4 sd either side
                double sd = Math.sqrt(IMAGES * share * (1 - share));
                assertThat((double) canary).as("canary outputs").isCloseTo(IMAGES * share, within(4 * sd));

                // The metrics topic: the window of every source, and of all, compares the two models as offline.
                Map<String, ModelComparison> live = awaitComparisons(kafka, topics, offline);
                for (String source : List.of("*", SOURCES.get(0), SOURCES.get(1))) {
                    assertComparison(live.get(source), offline, source, champion.version(), challenger.version());
                }
                Expected all = Expected.of(offline, "*");
                assertThat(all.labeled).isEqualTo(IMAGES);
                assertThat(all.championOnly + all.challengerOnly).as("discordant pairs, or the interval is not tested")
                        .isPositive();

                // /metrics and the dashboard show the same, from the window this instance hosts.
                var uri = service.httpAddress().orElseThrow();
                PrometheusSamples scrape = await(() -> PrometheusSamples.parse(getText(uri, "metrics")),
                        s -> !s.samples("digits_window_challenger_accuracy").isEmpty()
                                && s.value("digits_window_compared", "source", "*", "window", "time",
                                "champion", champion.version(), "challenger", challenger.version()) == IMAGES,
                        "the comparison gauges");
                String[] tags = {"source", "*", "window", "time", "champion", champion.version(), "challenger", challenger.version()};
                assertThat(scrape.value("digits_window_champion_accuracy", tags)).isCloseTo(all.championAccuracy(), within(1e-9));
                assertThat(scrape.value("digits_window_challenger_accuracy", tags)).isCloseTo(all.challengerAccuracy(), within(1e-9));
                assertThat(scrape.value("digits_window_agreement", tags)).isCloseTo(all.agreement(), within(1e-9));
                assertThat(scrape.value("digits_window_accuracy_difference_low", tags)).isCloseTo(all.interval().low(), within(1e-9));
                assertThat(scrape.value("digits_window_accuracy_difference_high", tags)).isCloseTo(all.interval().high(), within(1e-9));
                assertThat(scrape.value("digits_challenger_failures_total")).isZero();

                JsonNode dashboard = getJson(uri, "api/dashboard");
                JsonNode comparison = dashboard.path("current").path("*").path("comparison");
                assertThat(comparison.path("challengerVersion").asText()).isEqualTo(challenger.version());
                assertThat(comparison.path("agreement").asDouble()).isCloseTo(all.agreement(), within(1e-9));
                assertThat(comparison.path("differenceHigh").asDouble()).isCloseTo(all.interval().high(), within(1e-9));
            }
        }
    }

    /** The two models' answers for one image, offline. */
    record Offline(String source, int label, int champion, int challenger) {
    }

    /** What the comparison of one source must be, counted from the offline answers. */
    record Expected(long compared, long agreed, long labeled, long championCorrect, long challengerCorrect,
            long championOnly, long challengerOnly) {

        static Expected of(Map<String, Offline> offline, String source) {
            long compared = 0, agreed = 0, championCorrect = 0, challengerCorrect = 0, championOnly = 0, challengerOnly = 0;
            for (Offline o : offline.values()) {
                if (!source.equals("*") && !o.source().equals(source)) {
                    continue;
                }
                compared++;
                agreed += o.champion() == o.challenger() ? 1 : 0;
                boolean a = o.champion() == o.label();
                boolean b = o.challenger() == o.label();
                championCorrect += a ? 1 : 0;
                challengerCorrect += b ? 1 : 0;
                championOnly += a && !b ? 1 : 0;
                challengerOnly += b && !a ? 1 : 0;
            }
            return new Expected(compared, agreed, compared, championCorrect, challengerCorrect, championOnly, challengerOnly);
        }

        double championAccuracy() {
            return (double) championCorrect / labeled;
        }

        double challengerAccuracy() {
            return (double) challengerCorrect / labeled;
        }

        double agreement() {
            return (double) agreed / compared;
        }

        PairedAccuracyDifference interval() {
            return PairedAccuracyDifference.of(championOnly, challengerOnly, labeled);
        }
    }

    private static void assertComparison(ModelComparison c, Map<String, Offline> offline, String source,
            String championVersion, String challengerVersion) {
        Expected e = Expected.of(offline, source);
        assertThat(c).as("comparison of %s", source).isNotNull();
        assertThat(c.getChampionVersion()).isEqualTo(championVersion);
        assertThat(c.getChallengerVersion()).isEqualTo(challengerVersion);
        assertThat(c.getCompared()).as(source).isEqualTo(e.compared());
        assertThat(c.getAgreed()).as(source).isEqualTo(e.agreed());
        assertThat(c.getLabeled()).as(source).isEqualTo(e.labeled());
        assertThat(c.getChampionCorrect()).as(source).isEqualTo(e.championCorrect());
        assertThat(c.getChallengerCorrect()).as(source).isEqualTo(e.challengerCorrect());
        assertThat(c.getChampionOnlyCorrect()).as(source).isEqualTo(e.championOnly());
        assertThat(c.getChallengerOnlyCorrect()).as(source).isEqualTo(e.challengerOnly());
        assertThat(c.getChampionAccuracy()).as(source).isCloseTo(e.championAccuracy(), within(1e-12));
        assertThat(c.getChallengerAccuracy()).as(source).isCloseTo(e.challengerAccuracy(), within(1e-12));
        assertThat(c.getAgreement()).as(source).isCloseTo(e.agreement(), within(1e-12));
        PairedAccuracyDifference d = e.interval();
        assertThat(c.getAccuracyDifference()).as(source).isCloseTo(e.challengerAccuracy() - e.championAccuracy(), within(1e-12));
        assertThat(c.getDifferenceLow()).as(source).isCloseTo(d.low(), within(1e-12));
        assertThat(c.getDifferenceHigh()).as(source).isCloseTo(d.high(), within(1e-12));
    }

    /** The latest TIME snapshot with a comparison per source, once each has compared all of its images. */
    private static Map<String, ModelComparison> awaitComparisons(EmbeddedKafka kafka, Topics topics,
            Map<String, Offline> offline) {
        Map<String, ModelComparison> latest = new HashMap<>();
        Set<String> wanted = Set.of("*", SOURCES.get(0), SOURCES.get(1));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, List.of(topics.metrics()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && !wanted.stream().allMatch(source -> latest.containsKey(source)
                    && latest.get(source).getCompared() == Expected.of(offline, source).compared()
                    && latest.get(source).getLabeled() == Expected.of(offline, source).labeled())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    MetricsSnapshot s = ContractSerdes.metricsSnapshot().deserialize(record.topic(), record.value());
                    if (s.getWindow() == WindowKind.TIME && s.getComparison() != null) {
                        latest.put(s.getSource(), s.getComparison());
                    }
                }
            }
        }
        return latest;
    }

    record Outputs(Map<String, Prediction> predictions, Map<String, DeadLetter> deadLetters, Map<String, Prediction> shadow,
            int duplicates) {
    }

    private static Outputs read(EmbeddedKafka kafka, Topics topics, String shadowTopic, int outputs, int shadows) {
        Map<String, Prediction> predictions = new HashMap<>();
        Map<String, DeadLetter> deadLetters = new HashMap<>();
        Map<String, Prediction> shadow = new HashMap<>();
        int duplicates = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, List.of(topics.predictions(), topics.deadLetters(), shadowTopic));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while ((predictions.size() + deadLetters.size() < outputs || shadow.size() < shadows) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(topics.deadLetters())) {
                        DeadLetter d = ContractSerdes.deadLetter().deserialize(record.topic(), record.value());
                        duplicates += deadLetters.put(d.getImageId(), d) == null ? 0 : 1;
                    } else {
                        Prediction p = ContractSerdes.prediction().deserialize(record.topic(), record.value());
                        Map<String, Prediction> into = record.topic().equals(shadowTopic) ? shadow : predictions;
                        duplicates += into.put(p.getId(), p) == null ? 0 : 1;
                    }
                }
            }
            // a little longer: a duplicate would come now
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
                duplicates++;
            }
        }
        return new Outputs(predictions, deadLetters, shadow, duplicates);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
