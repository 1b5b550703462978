package io.digitstream.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.cli.CommandRun;
import io.digitstream.command.ExitCodes;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.Scores;
import io.digitstream.model.StreamSnapshot;
import io.digitstream.model.StreamSnapshot.PartitionRange;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digits train --from-kafka} through the real command tree on a real broker: a fine-tuned model from a
 * few hundred labeled MNIST images (labeled by their own field, by label events, corrected by label events,
 * unlabeled, garbage), its metadata, its reproduce command, and the errors a user can make.
 */
class TrainFromKafkaIT {

    private static final LabeledImages DIGITS = MnistFixture.test500();
    private static final int OWN_LABEL = 250;
    private static final int BY_EVENT = 20;
    private static final int CORRECTED = 20;
    private static final int UNLABELED = 10;
    private static final int IMAGES = OWN_LABEL + BY_EVENT + CORRECTED + UNLABELED;
    private static final int GARBAGE = 3;

    @Test
    void fineTunesFromTheTopicsAndRecordsTheSnapshot(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Topics topics = Topics.DEFAULT;
            kafka.createTopics(List.of(topics.images(), topics.labels()), 2, (short) 1);
            Map<String, Long> ends = publish(kafka.bootstrapServers(), topics, 0, IMAGES);
            Path model = dir.resolve("tuned.zip");

            long start = System.nanoTime();
            CommandRun run = CommandRun.of("train", "--from-kafka", "--bootstrap-server", kafka.bootstrapServers(),
                    "--epochs", "1", "--batch", "50", "--limit", "200", "--validation", "50", "--test-limit", "200",
                    "--output", model.toString());
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            System.out.printf("train --from-kafka: %.1f s for %d labeled images%n", seconds, IMAGES - UNLABELED);
            ModelMetadata metadata = ModelMetadata.read(model);
            StreamSnapshot snapshot = metadata.streamSnapshot();
            assertThat(snapshot.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
            assertThat(snapshot.imagesTopic()).isEqualTo(topics.images());
            assertThat(snapshot.labelsTopic()).isEqualTo(topics.labels());
            assertThat(snapshot.imageRecords()).isEqualTo(IMAGES + GARBAGE);
            assertThat(snapshot.labelEvents()).isEqualTo(BY_EVENT + CORRECTED);
            assertThat(snapshot.labeled()).isEqualTo(IMAGES - UNLABELED);
            assertThat(snapshot.labeledByEvent()).isEqualTo(BY_EVENT + CORRECTED);
            assertThat(snapshot.correctedByEvent()).isEqualTo(CORRECTED);
            assertThat(snapshot.unlabeled()).isEqualTo(UNLABELED);
            assertThat(snapshot.skipped()).isEqualTo(Map.of("image refused at deserialize", (long) GARBAGE));
            assertThat(snapshot.labelRule()).contains("latest label event");
            assertThat(snapshot.startingModelAccuracy()).isGreaterThan(0.9);
            // 290 labeled: 50 held out, 200 (--limit) of the rest trained on, with as many MNIST images (--mnist-share 0.5)
            assertThat(snapshot.validationImages()).isEqualTo(50);
            assertThat(snapshot.trainImages()).isEqualTo(200);
            assertThat(snapshot.mnistImages()).isEqualTo(200);
            assertThat(snapshot.partitions()).hasSize(4);
            for (PartitionRange range : snapshot.partitions()) {
                assertThat(range.startOffset()).isZero();
                assertThat(range.endOffset()).as(range.toString()).isEqualTo(ends.getOrDefault(range.topic() + ":" + range.partition(), 0L));
            }
            assertThat(metadata.reproduce()).startsWith("bin/digits train --from-kafka --bootstrap-server "
                    + kafka.bootstrapServers()).contains(" --until " + topics.images() + ":0:" + ends.get(topics.images() + ":0"));
            assertThat(metadata.parameters().initFrom()).contains("mnist-cnn");
            assertThat(metadata.epochsRun()).isEqualTo(1);

            DigitModel tuned = DigitModel.load(model);
            assertThat(tuned.version()).isEqualTo(metadata.version());
            assertThat(accuracy(tuned, 400, 500)).isGreaterThan(0.95);

            // more images later: the reproduce command still reads the snapshot's offsets, not the new end
            publish(kafka.bootstrapServers(), topics, IMAGES, 20);
            List<String> again = new ArrayList<>(Arrays.asList(metadata.reproduce().split(" ")));
            again.remove(0); // bin/digits
            again.set(again.indexOf("--output") + 1, dir.resolve("again.zip").toString());
            assertThat(CommandRun.of(again.toArray(String[]::new)).exitCode()).isEqualTo(ExitCodes.OK);
            StreamSnapshot rebuilt = ModelMetadata.read(dir.resolve("again.zip")).streamSnapshot();
            assertThat(rebuilt).isEqualTo(snapshot);

            refusesWhatItCannotTrainOn(kafka, dir, snapshot);
        }
    }

    private void refusesWhatItCannotTrainOn(EmbeddedKafka kafka, Path dir, StreamSnapshot snapshot) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String output = dir.resolve("never.zip").toString();
        CommandRun outOfRange = CommandRun.of("train", "--from-kafka", "--bootstrap-server", bootstrap,
                "--until", "digit-images:0:100000", "--output", output);
        assertThat(outOfRange.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(outOfRange.err()).contains("--until offset 100000 of digit-images-0 is out of range");

        long records = snapshot.imageRecords() + 20 + GARBAGE; // after the second publish
        CommandRun overLimit = CommandRun.of("train", "--from-kafka", "--bootstrap-server", bootstrap,
                "--max-images", Long.toString(records - 1), "--output", output);
        assertThat(overLimit.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(overLimit.err()).contains("more than " + (records - 1) + " image records (--max-images)");

        Topics empty = Topics.withPrefix("unlabeled");
        kafka.createTopics(List.of(empty.images(), empty.labels()), 1, (short) 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            producer.send(image(empty, DigitRecords.gray8(DIGITS, 0, "u", "scanner-1", Instant.now(), false))).get();
        }
        Path config = dir.resolve("unlabeled.properties");
        Files.writeString(config, "digits.topic.images=" + empty.images() + "\ndigits.topic.labels=" + empty.labels() + "\n");
        CommandRun none = CommandRun.of("train", "--from-kafka", "--bootstrap-server", bootstrap, "--config",
                config.toString(), "--output", output);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("no labeled images in " + empty.images()).contains("1 unlabeled");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CommandRun unreachable = CommandRun.of("train", "--from-kafka", "--bootstrap-server", "localhost:" + closedPort,
                "--kafka-timeout", "2", "--output", output);
        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.KAFKA_FAILURE);
        assertThat(unreachable.err()).contains("did not answer within 2 s");
        assertThat(Path.of(output)).doesNotExist();
    }

    /**
     * Images {@code from} up to {@code from + count}: own labels, then label events only, then wrong own labels
     * that label events correct, then none; {@link #GARBAGE} records that are no image.
     * @return the end offset of every partition written, by "topic:partition"
     */
    private static Map<String, Long> publish(String bootstrap, Topics topics, int from, int count) throws Exception {
        Map<String, Long> ends = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                int n = i - from;
                DigitImage image = DigitRecords.gray8(DIGITS, i, "k", "scanner-1", Instant.now(), false);
                if (n < OWN_LABEL) {
                    image.setLabel(DIGITS.label(i));
                } else if (n >= OWN_LABEL + BY_EVENT && n < OWN_LABEL + BY_EVENT + CORRECTED) {
                    image.setLabel((DIGITS.label(i) + 1) % 10);
                }
                records.add(image(topics, image));
                if (n >= OWN_LABEL && n < OWN_LABEL + BY_EVENT + CORRECTED) {
                    LabelEvent event = LabelEvent.newBuilder().setId(image.getId()).setLabel(DIGITS.label(i))
                            .setTime(Instant.now()).setSource("review").build();
                    records.add(new ProducerRecord<>(topics.labels(), key(image.getId()),
                            ContractSerdes.labelEvent().serialize(topics.labels(), event)));
                }
            }
            for (int g = 0; g < GARBAGE; g++) {
                records.add(new ProducerRecord<>(topics.images(), key("garbage-" + from + "-" + g), new byte[] {7, 7, (byte) g}));
            }
            for (ProducerRecord<byte[], byte[]> record : records) {
                RecordMetadata sent = producer.send(record).get();
                ends.merge(sent.topic() + ":" + sent.partition(), sent.offset() + 1, Math::max);
            }
        }
        return ends;
    }

    private static double accuracy(DigitModel model, int from, int to) throws Exception {
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        float[][] inputs = new float[to - from][];
        for (int i = from; i < to; i++) {
            inputs[i - from] = pipeline.modelInput(DigitRecords.gray8(DIGITS, i, "t", "t", Instant.EPOCH, false));
        }
        float[][] probabilities = model.classify(inputs);
        int correct = 0;
        for (int i = 0; i < probabilities.length; i++) {
            correct += Scores.argmax(probabilities[i]) == DIGITS.label(from + i) ? 1 : 0;
        }
        return (double) correct / probabilities.length;
    }

    private static ProducerRecord<byte[], byte[]> image(Topics topics, DigitImage image) {
        return new ProducerRecord<>(topics.images(), key(image.getId()), ContractSerdes.digitImage().serialize(topics.images(), image));
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
