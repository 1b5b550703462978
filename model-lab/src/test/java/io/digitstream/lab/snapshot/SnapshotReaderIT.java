package io.digitstream.lab.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.classifier.stream.RecordBudget;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.lab.snapshot.LabeledSnapshot.LabeledImage;
import io.digitstream.model.DigitModel;
import io.digitstream.model.Scores;
import io.digitstream.model.StreamSnapshot.PartitionRange;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImagePipeline;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Snapshots of a real broker's topics (see {@link LabeledStream} for what is on them). */
class SnapshotReaderIT {

    private static EmbeddedKafka kafka;
    private static LabeledStream stream;

    @BeforeAll
    static void publish() throws Exception {
        kafka = EmbeddedKafka.singleNode();
        stream = LabeledStream.publish(kafka, "snap");
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static SnapshotReader reader(Topics topics, int maxImages) {
        return reader(kafka.bootstrapServers(), topics, maxImages, Duration.ofSeconds(30));
    }

    private static SnapshotReader reader(String bootstrap, Topics topics, int maxImages, Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new SnapshotReader(properties, topics, ImagePipeline.withDefaults(), RecordBudget.DEFAULT,
                TestModels.shipped(), maxImages, timeout);
    }

    @Test
    void labelsEachImageByItsLatestLabelEventElseItsOwnLabelAndCountsWhatItLeftOut() throws Exception {
        LabeledSnapshot snapshot = reader(stream.topics, 10_000).read(Map.of(), Map.of());

        assertThat(snapshot.imageRecords()).isEqualTo(LabeledStream.IMAGE_RECORDS); // not the aborted ones
        assertThat(snapshot.labelEvents()).isEqualTo(LabeledStream.LABEL_EVENTS);
        assertThat(snapshot.images()).hasSize(LabeledStream.LABELED);
        assertThat(snapshot.unlabeled()).isEqualTo(LabeledStream.UNLABELED);
        assertThat(snapshot.labeledByEvent()).isEqualTo(LabeledStream.BY_EVENTS);
        assertThat(snapshot.correctedByEvent()).isEqualTo(LabeledStream.CORRECTED);
        assertThat(snapshot.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "image refused at deserialize", 4L, "image refused at validate", 2L,
                "label event not readable", 2L, "label event not a digit 0..9", 1L));
        // every label is the true one: the correcting event won over the wrong own label, the later event over
        // the earlier one in either offset order, and nothing of the aborted transaction was read
        for (LabeledImage image : snapshot.images()) {
            assertThat(image.label()).as(image.id()).isEqualTo(LabeledStream.trueLabel(image.id()));
        }
        LabeledImage corrected = byId(snapshot, LabeledStream.id(LabeledStream.INLINE + LabeledStream.BY_EVENT));
        assertThat(corrected.fromEvent()).isTrue();
        assertThat(corrected.imageLabel()).isEqualTo((corrected.label() + 1) % 10);
        assertThat(byId(snapshot, LabeledStream.id(0)).fromEvent()).isFalse();
        // the starting model's accuracy on them, as it classifies them offline
        DigitModel model = TestModels.shipped();
        long right = snapshot.images().stream()
                .filter(image -> Scores.argmax(model.classify(new float[][] {image.modelInput()})[0]) == image.label())
                .count();
        assertThat(snapshot.startingModelAccuracy()).isEqualTo((double) right / LabeledStream.LABELED).isGreaterThan(0.9);
        // the model input is the stream's own
        assertThat(byId(snapshot, LabeledStream.id(7)).modelInput()).isEqualTo(ImagePipeline.withDefaults()
                .modelInput(DigitRecords.gray8(LabeledStream.DIGITS, 7, "s", "scanner-1", Instant.EPOCH, false)));
        // by default, from the first offset to the committed end of every partition of both topics
        assertThat(snapshot.ranges()).hasSize(4).allSatisfy(range -> assertThat(range.startOffset()).isZero());
        long imageOffsets = snapshot.ranges().stream().filter(r -> r.topic().equals(stream.topics.images()))
                .mapToLong(PartitionRange::endOffset).sum();
        assertThat(imageOffsets).isEqualTo(LabeledStream.IMAGE_RECORDS + 5 + 2); // 5 aborted images and 2 markers at most
    }

    @Test
    void readsOnlyUpToTheGivenOffsets() {
        String images = stream.topics.images();
        long until = 60;
        LabeledSnapshot snapshot = reader(stream.topics, 10_000).read(Map.of(),
                Map.of(new TopicPartition(images, 0), until, new TopicPartition(images, 1), 0L));

        long expected = stream.offsetOf.entrySet().stream()
                .filter(e -> stream.partitionOf.get(e.getKey()).partition() == 0 && e.getValue() < until).count();
        assertThat(snapshot.imageRecords()).isEqualTo(expected);
        assertThat(snapshot.images()).allSatisfy(image -> {
            assertThat(stream.partitionOf.get(image.id()).partition()).isZero();
            assertThat(stream.offsetOf.get(image.id())).isLessThan(until);
        });
        assertThat(snapshot.ranges()).contains(new PartitionRange(images, 0, 0, until), new PartitionRange(images, 1, 0, 0));
        // and from given offsets
        LabeledSnapshot tail = reader(stream.topics, 10_000).read(Map.of(new TopicPartition(images, 0), until),
                Map.of(new TopicPartition(images, 1), 0L));
        assertThat(tail.images()).allSatisfy(image -> assertThat(stream.offsetOf.get(image.id())).isGreaterThanOrEqualTo(until));
        assertThat(tail.imageRecords() + snapshot.imageRecords()).isEqualTo(
                reader(stream.topics, 10_000).read(Map.of(), Map.of(new TopicPartition(images, 1), 0L)).imageRecords());
    }

    @Test
    void refusesOffsetsOutOfRangeOrOfOtherTopics() {
        String images = stream.topics.images();
        SnapshotReader reader = reader(stream.topics, 10_000);
        assertThatThrownBy(() -> reader.read(Map.of(), Map.of(new TopicPartition(images, 0), 1_000_000L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--until offset 1000000 of " + images + "-0 is out of range");
        assertThatThrownBy(() -> reader.read(Map.of(new TopicPartition(images, 0), 50L), Map.of(new TopicPartition(images, 0), 40L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from offset 50 of " + images + "-0 is out of range");
        assertThatThrownBy(() -> reader.read(Map.of(), Map.of(new TopicPartition(images, 2), 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no partition 2");
        assertThatThrownBy(() -> reader.read(Map.of(), Map.of(new TopicPartition("digit-predictions", 0), 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither the images topic (" + images + ") nor the labels topic");
    }

    @Test
    void refusesASnapshotOfMoreImageRecordsThanTheLimit() {
        int records = LabeledStream.IMAGE_RECORDS;
        assertThatThrownBy(() -> reader(stream.topics, records - 1).read(Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the snapshot holds more than " + (records - 1) + " image records (--max-images)");
        assertThat(reader(stream.topics, records).read(Map.of(), Map.of()).imageRecords()).isEqualTo(records);
        assertThat(reader(stream.topics, records + 1).read(Map.of(), Map.of()).imageRecords()).isEqualTo(records);
    }

    @Test
    void reportsAMissingTopicAndAnUnreachableBroker() throws Exception {
        assertThatThrownBy(() -> reader(Topics.withPrefix("nothing"), 10).read(Map.of(), Map.of()))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("nothing-images does not exist");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> reader("localhost:" + closedPort, stream.topics, 10, Duration.ofSeconds(2)).read(Map.of(), Map.of()))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Kafka at localhost:" + closedPort + " did not answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    private static LabeledImage byId(LabeledSnapshot snapshot, String id) {
        return snapshot.images().stream().filter(image -> image.id().equals(id)).findFirst().orElseThrow();
    }
}
