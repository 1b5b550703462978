package io.digitstream.lab.snapshot;

import io.digitstream.classifier.stream.Outcome;
import io.digitstream.classifier.stream.RecordBudget;
import io.digitstream.classifier.stream.RecordClassifier;
import io.digitstream.classifier.stream.RecordOrigin;
import io.digitstream.config.Topics;
import io.digitstream.lab.snapshot.LabeledSnapshot.LabeledImage;
import io.digitstream.model.InferenceEngine;
import io.digitstream.model.StreamSnapshot.PartitionRange;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a snapshot of the images and labels topics between given offsets ({@code read_committed}, assigned, no
 * consumer group, nothing committed) into {@link LabeledSnapshot}. Each image goes through the stream's own
 * {@link RecordClassifier} (deserialize, record budget, validate, decode, normalize), so a record the stream would
 * dead-letter is left out here for the same reason, and the model trains on the input the stream will feed it.
 * The classification by the starting model that comes with it is most of the cost of reading; it is put to use as
 * that model's accuracy on the snapshot, what fine-tuning starts from.
 */
public final class SnapshotReader {

    /** Which label an image gets: see {@link #read}. */
    public static final String LABEL_RULE = "the latest label event for the image's id (by record timestamp, then"
            + " offset) wins over the image's own label field; an image with neither is skipped as unlabeled; of"
            + " several images with one id, the last read is kept";

    private static final int BATCH = 256;

    private final Properties consumerProperties;
    private final Topics topics;
    private final RecordClassifier classifier;
    private final int maxImages;
    private final Duration timeout;
    private final SingleObjectSerde<LabelEvent> labelSerde = ContractSerdes.labelEvent();
    private final Map<Prediction, float[]> modelInputs = new IdentityHashMap<>();

    /**
     * @param maxImages the most image records a snapshot may hold; a larger one is refused, not cut
     * @param timeout how long Kafka may leave a metadata request or a fetch unanswered
     */
    public SnapshotReader(Properties kafkaProperties, Topics topics, ImagePipeline pipeline, RecordBudget budget,
            InferenceEngine engine, int maxImages, Duration timeout) {
        if (maxImages < 1) {
            throw new IllegalArgumentException("--max-images must be at least 1, not " + maxImages);
        }
        this.consumerProperties = new Properties();
        consumerProperties.putAll(kafkaProperties);
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.topics = topics;
        this.classifier = new RecordClassifier(pipeline, engine, Clock.systemUTC()).withBudget(budget)
                .withListener(modelInputs::put);
        this.maxImages = maxImages;
        this.timeout = timeout;
    }

    /**
     * Reads the partitions of both topics from {@code from} (default: the first offset they hold) up to
     * {@code until} (default: their committed end as of now), exclusive. The label of an image is {@link #LABEL_RULE}:
     * a label event is someone's later word on an image (a reviewer's correction), its own label the producer's
     * word when it published it. (The live metrics join differently, first label wins: they score the prediction
     * against the truth known when it was made.)
     *
     * @throws IllegalArgumentException offsets out of the range the topics hold, or naming other topics; more
     *     than {@code maxImages} image records
     * @throws org.apache.kafka.common.KafkaException Kafka unreachable, a missing topic
     */
    public LabeledSnapshot read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> until) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<TopicPartition, long[]> ranges = ranges(consumer, from, until);
            Map<String, Long> skipped = new TreeMap<>();
            Map<String, LabelChoice> labels = new HashMap<>();
            long[] labelEvents = {0};
            readRange(consumer, only(ranges, topics.labels()), record -> {
                labelEvents[0]++;
                onLabelEvent(record, labels, skipped);
            });
            ImageCollector collector = new ImageCollector(skipped);
            readRange(consumer, only(ranges, topics.images()), collector::add);
            collector.flush();
            return collector.label(labels, labelEvents[0], ranges);
        }
    }

    private void onLabelEvent(ConsumerRecord<byte[], byte[]> record, Map<String, LabelChoice> labels,
            Map<String, Long> skipped) {
        LabelEvent event;
        try {
            if (record.value() == null) {
                throw new SerializationException("no value (tombstone)");
            }
            event = labelSerde.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            skipped.merge("label event not readable", 1L, Long::sum);
            return;
        }
        if (event.getLabel() < 0 || event.getLabel() > 9) {
            skipped.merge("label event not a digit 0..9", 1L, Long::sum);
            return;
        }
        // in a partition, records come in offset order: at an equal timestamp the later offset wins
        labels.merge(event.getId(), new LabelChoice(event.getLabel(), record.timestamp()),
                (earlier, later) -> later.timestamp() >= earlier.timestamp() ? later : earlier);
    }

    private record LabelChoice(int label, long timestamp) {
    }

    /** Classifies image records in batches and keeps, per image id, the last one that the stream would classify. */
    private final class ImageCollector {
        private final Map<String, Long> skipped;
        private final List<RecordClassifier.Input> batch = new ArrayList<>(BATCH);
        private final Map<String, Candidate> candidates = new LinkedHashMap<>();
        private long records;

        ImageCollector(Map<String, Long> skipped) {
            this.skipped = skipped;
        }

        void add(ConsumerRecord<byte[], byte[]> record) {
            if (++records > maxImages) {
                throw new IllegalArgumentException("the snapshot holds more than " + maxImages + " image records"
                        + " (--max-images): give lower --until offsets, or raise --max-images");
            }
            batch.add(new RecordClassifier.Input(record.key(), record.value(),
                    new RecordOrigin(record.topic(), record.partition(), record.offset())));
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            for (Outcome outcome : classifier.classifyAll(batch)) {
                if (outcome instanceof Outcome.Classified classified) {
                    Prediction p = classified.prediction();
                    Candidate earlier = candidates.remove(p.getId()); // re-inserted: kept in the order last read
                    if (earlier != null) {
                        skipped.merge("duplicate image id (earlier record replaced)", 1L, Long::sum);
                    }
                    candidates.put(p.getId(), new Candidate(p.getId(), p.getLabel(), p.getDigit(), modelInputs.remove(p)));
                } else {
                    String stage = ((Outcome.Rejected) outcome).deadLetter().getStage().name().toLowerCase(Locale.ROOT);
                    skipped.merge("image refused at " + stage, 1L, Long::sum);
                }
            }
            modelInputs.clear();
            batch.clear();
        }

        LabeledSnapshot label(Map<String, LabelChoice> labels, long labelEvents, Map<TopicPartition, long[]> ranges) {
            List<LabeledImage> labeled = new ArrayList<>(candidates.size());
            long byEvent = 0;
            long corrected = 0;
            long unlabeled = 0;
            long startingModelCorrect = 0;
            for (Candidate c : candidates.values()) {
                LabelChoice event = labels.get(c.id());
                if (event != null) {
                    byEvent++;
                    if (c.imageLabel() != null && c.imageLabel() != event.label()) {
                        corrected++;
                    }
                    labeled.add(new LabeledImage(c.id(), event.label(), c.imageLabel(), true, c.modelInput()));
                } else if (c.imageLabel() != null) {
                    labeled.add(new LabeledImage(c.id(), c.imageLabel(), c.imageLabel(), false, c.modelInput()));
                } else {
                    unlabeled++;
                    continue;
                }
                if (labeled.get(labeled.size() - 1).label() == c.predicted()) {
                    startingModelCorrect++;
                }
            }
            List<PartitionRange> partitions = ranges.entrySet().stream()
                    .map(e -> new PartitionRange(e.getKey().topic(), e.getKey().partition(), e.getValue()[0], e.getValue()[1]))
                    .toList();
            return new LabeledSnapshot(labeled, partitions, records, labelEvents, byEvent, corrected, unlabeled, skipped,
                    startingModelCorrect);
        }
    }

    /** @param predicted the starting model's digit */
    private record Candidate(String id, Integer imageLabel, int predicted, float[] modelInput) {
    }

    /** {@code [start, end)} of every partition of both topics, checked against what the topics hold. */
    private Map<TopicPartition, long[]> ranges(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> until) {
        for (TopicPartition named : concat(from, until)) {
            if (!named.topic().equals(topics.images()) && !named.topic().equals(topics.labels())) {
                throw new IllegalArgumentException("offsets for " + named + ": that is neither the images topic ("
                        + topics.images() + ") nor the labels topic (" + topics.labels() + ")");
            }
        }
        List<TopicPartition> partitions = new ArrayList<>();
        partitions.addAll(partitionsOf(consumer, topics.images()));
        partitions.addAll(partitionsOf(consumer, topics.labels()));
        for (TopicPartition named : concat(from, until)) {
            if (!partitions.contains(named)) {
                throw new IllegalArgumentException("offsets for " + named + ": topic " + named.topic() + " has no"
                        + " partition " + named.partition());
            }
        }
        Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout); // read_committed: the stable end
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            long held = first.get(partition);
            long committed = end.get(partition);
            long stop = until.getOrDefault(partition, committed);
            long start = from.getOrDefault(partition, held);
            if (stop < held || stop > committed) {
                throw outOfRange("--until", partition, stop, held, committed);
            }
            if (start < held || start > stop) {
                throw outOfRange("--from", partition, start, held, stop);
            }
            ranges.put(partition, new long[] {start, stop});
        }
        return ranges;
    }

    private static IllegalArgumentException outOfRange(String option, TopicPartition partition, long offset, long low,
            long high) {
        return new IllegalArgumentException(option + " offset " + offset + " of " + partition + " is out of range:"
                + " it must be from " + low + " to " + high + " (the partition holds committed offsets " + low
                + " up to " + high + (option.equals("--from") ? ", and --from may not pass --until)" : ")"));
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka at " + consumerProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " did not answer within " + timeout.toSeconds() + " s (is it running?)", e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private static Map<TopicPartition, long[]> only(Map<TopicPartition, long[]> ranges, String topic) {
        Map<TopicPartition, long[]> some = new LinkedHashMap<>();
        ranges.forEach((partition, range) -> {
            if (partition.topic().equals(topic)) {
                some.put(partition, range);
            }
        });
        return some;
    }

    private static List<TopicPartition> concat(Map<TopicPartition, Long> a, Map<TopicPartition, Long> b) {
        List<TopicPartition> all = new ArrayList<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    /** Hands every committed record in the ranges to {@code sink}, each partition in offset order. */
    private void readRange(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, long[]> ranges,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> open = new ArrayList<>();
        ranges.forEach((partition, range) -> {
            if (range[0] < range[1]) {
                open.add(partition);
            }
        });
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, ranges.get(partition)[0]));
        long lastProgress = System.nanoTime();
        while (!open.isEmpty()) {
            boolean progress = false;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                progress = true;
                if (record.offset() < ranges.get(new TopicPartition(record.topic(), record.partition()))[1]) {
                    sink.accept(record);
                }
            }
            for (TopicPartition partition : List.copyOf(open)) {
                if (consumer.position(partition) >= ranges.get(partition)[1]) {
                    open.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
            if (progress) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new TimeoutException("reading " + open + " made no progress for " + timeout.toSeconds() + " s");
            }
        }
        consumer.assign(List.of());
    }
}
