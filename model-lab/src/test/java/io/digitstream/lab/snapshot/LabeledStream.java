package io.digitstream.lab.snapshot;

import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a known mix of image and label records to two-partition topics, as producers and reviewers would:
 * MNIST images labeled by their own field, by a label event only, by a label event that corrects a wrong own
 * label, by two label events (the later one right, in either offset order), unlabeled; records the stream
 * refuses; wrong label events; and images in an aborted transaction, which read_committed never shows.
 */
final class LabeledStream {

    static final int INLINE = 200;
    static final int BY_EVENT = 50;
    static final int CORRECTED = 20;
    static final int RELABELED = 10;
    static final int RELABELED_OUT_OF_ORDER = 5;
    static final int UNLABELED = 15;
    static final int IMAGES = INLINE + BY_EVENT + CORRECTED + RELABELED + RELABELED_OUT_OF_ORDER + UNLABELED;
    static final int LABELED = IMAGES - UNLABELED;
    static final int BY_EVENTS = BY_EVENT + CORRECTED + RELABELED + RELABELED_OUT_OF_ORDER;
    /** Not Avro (3) and a tombstone (1): deserialize; 10 pixels said to be 28x28 (1), an own label of 12 (1): validate. */
    static final int REFUSED_IMAGES = 6;
    static final int IMAGE_RECORDS = IMAGES + REFUSED_IMAGES;
    /** Not Avro (2), a label of 12 (1). */
    static final int BAD_LABEL_EVENTS = 3;
    static final int LABEL_EVENTS = BY_EVENT + CORRECTED + 2 * RELABELED + 2 * RELABELED_OUT_OF_ORDER + BAD_LABEL_EVENTS;

    static final LabeledImages DIGITS = MnistFixture.test500();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final Topics topics;
    /** Where each good image landed. */
    final Map<String, TopicPartition> partitionOf = new HashMap<>();
    final Map<String, Long> offsetOf = new HashMap<>();

    private LabeledStream(Topics topics) {
        this.topics = topics;
    }

    static LabeledStream publish(EmbeddedKafka kafka, String prefix) throws Exception {
        LabeledStream stream = new LabeledStream(Topics.withPrefix(prefix));
        kafka.createTopics(List.of(stream.topics.images(), stream.topics.labels()), 2, (short) 1);
        stream.publishAll(kafka.bootstrapServers());
        return stream;
    }

    static String id(int index) {
        return DigitRecords.mnistId("s", index);
    }

    /** The index in {@link #DIGITS} of a good image's id. */
    static int index(String id) {
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
    }

    static int trueLabel(String id) {
        return DIGITS.label(index(id));
    }

    private void publishAll(String bootstrap) throws Exception {
        int end = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, null)) {
            for (int i = 0; i < IMAGES; i++) {
                boolean ownLabel = i < INLINE || (i >= INLINE + BY_EVENT && i < INLINE + BY_EVENT + CORRECTED);
                DigitImage image = DigitRecords.gray8(DIGITS, i, "s", "scanner-1", T0, false);
                if (ownLabel) {
                    int label = DIGITS.label(i);
                    // the corrected ones carry a wrong label of their own
                    image.setLabel(i < INLINE ? label : (label + 1) % 10);
                }
                RecordMetadata sent = producer.send(new ProducerRecord<>(topics.images(), null, T0.toEpochMilli() + i,
                        key(image.getId()), ContractSerdes.digitImage().serialize(topics.images(), image))).get();
                partitionOf.put(image.getId(), new TopicPartition(sent.topic(), sent.partition()));
                offsetOf.put(image.getId(), sent.offset());
            }
            for (int k = 0; k < 3; k++) {
                producer.send(new ProducerRecord<>(topics.images(), key("garbage-" + k), new byte[] {1, 2, (byte) k})).get();
            }
            producer.send(new ProducerRecord<>(topics.images(), key("tombstone"), null)).get();
            producer.send(image(DigitRecords.of("short-pixels", "scanner-1", T0, PixelEncoding.GRAY8, 28, 28, new byte[10], 3))).get();
            producer.send(image(DigitRecords.of("label-12", "scanner-1", T0, PixelEncoding.GRAY8, 28, 28,
                    DIGITS.image(0), 12))).get();

            long later = T0.plusSeconds(3600).toEpochMilli();
            end = INLINE + BY_EVENT + CORRECTED;
            for (int i = INLINE; i < end; i++) {
                producer.send(label(id(i), DIGITS.label(i), later)).get();
            }
            for (int i = end; i < end + RELABELED; i++) {
                producer.send(label(id(i), (DIGITS.label(i) + 3) % 10, later)).get();
                producer.send(label(id(i), DIGITS.label(i), later + 1000)).get();
            }
            end += RELABELED;
            for (int i = end; i < end + RELABELED_OUT_OF_ORDER; i++) { // the later word comes first in the log
                producer.send(label(id(i), DIGITS.label(i), later + 1000)).get();
                producer.send(label(id(i), (DIGITS.label(i) + 3) % 10, later)).get();
            }
            producer.send(new ProducerRecord<>(topics.labels(), key("bad-label-0"), new byte[] {9})).get();
            producer.send(new ProducerRecord<>(topics.labels(), key("bad-label-1"), null)).get();
            producer.send(label(id(0), 12, later + 5000)).get();
        }
        try (KafkaProducer<byte[], byte[]> aborted = producer(bootstrap, "aborted-" + topics.images())) {
            aborted.initTransactions();
            aborted.beginTransaction();
            for (int i = 0; i < 5; i++) {
                aborted.send(image(DigitRecords.gray8(DIGITS, 400 + i, "aborted", "scanner-1", T0, true)));
                aborted.send(label(id(i), (DIGITS.label(i) + 1) % 10, T0.plusSeconds(7200).toEpochMilli()));
            }
            aborted.flush();
            aborted.abortTransaction();
        }
    }

    private ProducerRecord<byte[], byte[]> image(DigitImage image) {
        return new ProducerRecord<>(topics.images(), key(image.getId()),
                ContractSerdes.digitImage().serialize(topics.images(), image));
    }

    private ProducerRecord<byte[], byte[]> label(String id, int label, long timestamp) {
        LabelEvent event = LabelEvent.newBuilder().setId(id).setLabel(label).setTime(Instant.ofEpochMilli(timestamp))
                .setSource("review").build();
        return new ProducerRecord<>(topics.labels(), null, timestamp, key(id),
                ContractSerdes.labelEvent().serialize(topics.labels(), event));
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap, String transactionalId) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
