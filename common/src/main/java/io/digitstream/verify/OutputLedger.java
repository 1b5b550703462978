package io.digitstream.verify;

import io.digitstream.config.Topics;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything the classifier has committed to its two output topics, by image id: the verifier side of
 * the conservation law "every input ends as exactly one prediction or one dead letter". Reads with
 * {@code read_committed} from the beginning, assigned (no group). Not thread-safe.
 */
public final class OutputLedger implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final Map<String, Prediction> predictions = new LinkedHashMap<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final List<String> duplicates = new ArrayList<>();
    private Consumer<Prediction> onPrediction = prediction -> { };

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

    /** Reads what has been committed since the last call (waiting at most {@code timeout}); returns how many. */
    public int poll(Duration timeout) {
        int read = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            read++;
            if (record.topic().equals(topics.predictions())) {
                Prediction prediction = ContractSerdes.prediction().deserialize(record.topic(), record.value());
                note(prediction.getId(), predictions.put(prediction.getId(), prediction) != null);
                onPrediction.accept(prediction);
            } else {
                DeadLetter deadLetter = ContractSerdes.deadLetter().deserialize(record.topic(), record.value());
                String id = InputIds.ofDeadLetter(deadLetter.getImageId(), deadLetter.getTopic(), deadLetter.getPartition(),
                        deadLetter.getOffset());
                note(id, deadLetters.put(id, deadLetter) != null);
            }
        }
        return read;
    }

    private void note(String id, boolean seenBefore) {
        if (seenBefore || predictions.containsKey(id) && deadLetters.containsKey(id)) {
            duplicates.add(id);
        }
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

    /** Outputs read, counting each id once. */
    public int outputs() {
        Set<String> ids = new HashSet<>(predictions.keySet());
        ids.addAll(deadLetters.keySet());
        return ids.size();
    }

    public Map<String, Prediction> predictions() {
        return predictions;
    }

    public Map<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** Compares the outputs with the ids that went in. */
    public Conservation check(Collection<String> inputIds) {
        Set<String> inputs = new HashSet<>(inputIds);
        long lost = inputs.stream().filter(id -> !predictions.containsKey(id) && !deadLetters.containsKey(id)).count();
        Set<String> unexpected = new HashSet<>(predictions.keySet());
        unexpected.addAll(deadLetters.keySet());
        unexpected.removeAll(inputs);
        return new Conservation(inputs.size(), predictions.size(), deadLetters.size(), (int) lost, duplicates.size(),
                unexpected.size());
    }

    @Override
    public void close() {
        consumer.close();
    }

    /**
     * The verdict: {@code inputs = predictions + deadLetters} with nothing lost, duplicated or unexpected.
     */
    public record Conservation(int inputs, int predictions, int deadLetters, int lost, int duplicated, int unexpected) {

        public boolean holds() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && inputs == predictions + deadLetters;
        }
    }
}
