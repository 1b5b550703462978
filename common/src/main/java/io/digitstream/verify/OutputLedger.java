package io.digitstream.verify;

import io.digitstream.config.Topics;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything the classifier has committed to its two output topics: the verifier side of the conservation
 * law "every input record ends as exactly one prediction or one dead letter". Reads with {@code read_committed}
 * from the beginning, assigned (no group). Not thread-safe.
 *
 * <p>Outputs are counted as records, not ids. A dead letter names its input's topic, partition and offset, so it
 * is matched to exactly that record; a prediction carries only the input's id, so predictions are matched per id as
 * a multiset: {@code n} records of an id that were not dead-lettered need exactly {@code n} predictions of it (which
 * copy a missing prediction belonged to cannot be known, how many are missing can). Records in the output topics
 * that are not outputs (tombstones, other schemas, a producer pointed at the wrong topic) are counted as
 * {@link #foreign()} by topic and otherwise ignored; dead letters of records read from other topics than the images
 * topic are counted in {@link #sideDeadLetters()}.
 */
public final class OutputLedger implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    /** The last prediction read per id. */
    private final Map<String, Prediction> predictions = new LinkedHashMap<>();
    private final Map<String, Integer> predictionCounts = new HashMap<>();
    /** The last dead letter of an images-topic record per id ({@link InputIds#ofDeadLetter}). */
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final Map<String, Integer> deadLetterCountsById = new HashMap<>();
    private final Map<Origin, Integer> deadLetterCountsByOrigin = new HashMap<>();
    private final Map<String, Integer> sideDeadLetters = new TreeMap<>();
    private final Map<String, Integer> foreign = new TreeMap<>();
    private int predictionRecords;
    private int deadLetterRecords;
    private Consumer<Prediction> onPrediction = prediction -> { };
    private Consumer<DeadLetter> onDeadLetter = deadLetter -> { };

    /** Where an input record sat: what a dead letter names. */
    private record Origin(int partition, long offset) {
    }
    /** A ledger of everything already in the output topics and everything that comes. */
    public OutputLedger(Properties kafkaProperties, Topics topics) {
        this(kafkaProperties, topics, true);
    }

    /**
     * @param fromBeginning false to see only outputs committed after this constructor returns (the end
     *                      offsets are resolved here, so nothing published afterwards is missed)
     */
    public OutputLedger(Properties kafkaProperties, Topics topics, boolean fromBeginning) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.predictions(), topics.deadLetters())) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }
    }

    /** Called with each prediction as it is read, e.g. to time its arrival. */
    public void onPrediction(Consumer<Prediction> listener) {
        this.onPrediction = listener;
    }

    /** Called with each dead letter as it is read. */
    public void onDeadLetter(Consumer<DeadLetter> listener) {
        this.onDeadLetter = listener;
    }

    /** Reads what has been committed since the last call (waiting at most {@code timeout}); returns how many. */
    public int poll(Duration timeout) {
        int read = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            read++;
            if (record.topic().equals(topics.predictions())) {
                readPrediction(record);
            } else {
                readDeadLetter(record);
            }
        }
        return read;
    }

    private void readPrediction(ConsumerRecord<byte[], byte[]> record) {
        Prediction prediction;
        try {
            prediction = ContractSerdes.prediction().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) { // a tombstone, another schema, garbage: not an output of the classifier
            noteForeign(record);
            return;
        }
        if (prediction == null) {
            noteForeign(record);
            return;
        }
        predictionRecords++;
        predictions.put(prediction.getId(), prediction);
        predictionCounts.merge(prediction.getId(), 1, Integer::sum);
        onPrediction.accept(prediction);
    }

    private void readDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        DeadLetter deadLetter;
        try {
            deadLetter = ContractSerdes.deadLetter().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            noteForeign(record);
            return;
        }
        if (deadLetter == null) {
            noteForeign(record);
            return;
        }
        if (!deadLetter.getTopic().equals(topics.images())) {
            sideDeadLetters.merge(deadLetter.getTopic(), 1, Integer::sum);
            onDeadLetter.accept(deadLetter);
            return;
        }
        deadLetterRecords++;
        String id = InputIds.ofDeadLetter(deadLetter.getImageId(), deadLetter.getTopic(), deadLetter.getPartition(),
                deadLetter.getOffset());
        deadLetters.put(id, deadLetter);
        deadLetterCountsById.merge(id, 1, Integer::sum);
        deadLetterCountsByOrigin.merge(new Origin(deadLetter.getPartition(), deadLetter.getOffset()), 1, Integer::sum);
        onDeadLetter.accept(deadLetter);
    }

    private void noteForeign(ConsumerRecord<byte[], byte[]> record) {
        foreign.merge(record.topic(), 1, Integer::sum);
    }

    /** Polls until {@code expected} outputs are in or {@code timeout} passes; true when they all arrived. */
    public boolean awaitOutputs(int expected, Duration timeout, Runnable onPoll) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outputs() < expected && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
            onPoll.run();
        }
        return outputs() >= expected;
    }

    /**
     * Reads everything committed to the output topics when it is called (a finished run's whole output);
     * false when that takes longer than {@code timeout}.
     */
    public boolean readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            poll(Duration.ofMillis(200));
        }
        return true;
    }

    /** Output records read for records of the images topic: predictions plus their dead letters. */
    public int outputs() {
        return predictionRecords + deadLetterRecords;
    }

    /** The last prediction read per id. */
    public Map<String, Prediction> predictions() {
        return predictions;
    }

    /** The last dead letter read per id, for records of the images topic. */
    public Map<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** Dead letters of records read from other topics (labels, predictions, ...), by that topic. */
    public Map<String, Integer> sideDeadLetters() {
        return sideDeadLetters;
    }

    /** Records of the output topics that are not outputs (tombstones, undecodable), by topic. */
    public Map<String, Integer> foreign() {
        return foreign;
    }

    /**
     * Compares the outputs with the ids of the records that went in, as a multiset: an id published {@code n} times
     * needs {@code n} outputs. For callers that do not know where their records landed; see
     * {@link #checkRecords} for the exact check.
     */
    public Conservation check(Collection<String> inputIds) {
        Map<String, Integer> inputs = new HashMap<>();
        inputIds.forEach(id -> inputs.merge(id, 1, Integer::sum));
        Map<String, Integer> outputs = new HashMap<>(predictionCounts);
        deadLetterCountsById.forEach((id, count) -> outputs.merge(id, count, Integer::sum));
        Tally tally = new Tally();
        tally.match(inputs, outputs);
        return tally.verdict(inputIds.size(), predictionRecords, deadLetterRecords);
    }

    /**
     * Compares the outputs with the records that went in: each dead letter with the record at its position, then the
     * predictions with the records not dead-lettered, per id (see the class comment).
     */
    public Conservation checkRecords(List<InputRecord> inputRecords) {
        Map<Origin, Integer> deadLettered = new HashMap<>(deadLetterCountsByOrigin);
        Map<String, Integer> awaitingPrediction = new HashMap<>();
        Tally tally = new Tally();
        for (InputRecord input : inputRecords) {
            if (!input.topic().equals(topics.images())) {
                throw new IllegalArgumentException(input + " is not a record of " + topics.images());
            }
            Integer letters = deadLettered.remove(new Origin(input.partition(), input.offset()));
            if (letters == null) {
                awaitingPrediction.merge(input.id(), 1, Integer::sum);
            } else {
                tally.duplicated += letters - 1;
            }
        }
        deadLettered.values().forEach(count -> tally.unexpected += count);
        tally.match(awaitingPrediction, predictionCounts);
        return tally.verdict(inputRecords.size(), predictionRecords, deadLetterRecords);
    }

    /** Lost, duplicated and unexpected outputs, counted as records. */
    private static final class Tally {
        int lost;
        int duplicated;
        int unexpected;

        /** Inputs and outputs per id: each input needs one output. */
        void match(Map<String, Integer> inputs, Map<String, Integer> outputs) {
            inputs.forEach((id, in) -> {
                int out = outputs.getOrDefault(id, 0);
                lost += Math.max(0, in - out);
                duplicated += Math.max(0, out - in);
            });
            outputs.forEach((id, out) -> {
                if (!inputs.containsKey(id)) {
                    unexpected += out;
                }
            });
        }

        Conservation verdict(int inputs, int predictions, int deadLetters) {
            return new Conservation(inputs, predictions, deadLetters, lost, duplicated, unexpected);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    /**
     * The verdict, in records: {@code inputs = predictions + deadLetters} with nothing lost, duplicated or unexpected.
     */
    public record Conservation(int inputs, int predictions, int deadLetters, int lost, int duplicated, int unexpected) {

        public boolean holds() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && inputs == predictions + deadLetters;
        }
    }
}
