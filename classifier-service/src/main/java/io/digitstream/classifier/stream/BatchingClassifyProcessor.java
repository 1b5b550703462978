package io.digitstream.classifier.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Classifies records in micro-batches without weakening exactly-once; with a batch size of 1, record by
 * record through the same buffer.
 *
 * <p>Why no record is lost or duplicated: a record is never held only in memory. {@link #process}
 * appends it to a changelogged state store under the next sequence number; {@link #flush} classifies
 * the oldest buffered records in one model call, forwards one outcome per record and deletes them from
 * the store. Under {@code exactly_once_v2}, Kafka Streams commits the consumed offsets, the output records
 * and the store's changelog writes in one Kafka transaction. So at any crash point either
 * <ul>
 *   <li>the transaction that consumed a record aborts: its offset is not committed and its buffer entry
 *       is rolled back from the changelog, so the record is consumed again after restart; or</li>
 *   <li>it commits with the record still buffered: the offset is committed (not consumed again) and the
 *       entry is restored from the changelog into the store, where {@link #init} finds it and the next
 *       flush classifies it; or</li>
 *   <li>the flush's transaction commits: the outputs and the deletions of their buffer entries become
 *       visible together, so a restored buffer never holds a record that already has an output.</li>
 * </ul>
 * A batch closes when it reaches the policy's size or pixel budget, or when its oldest record has waited
 * the policy's max delay (checked by a wall-clock punctuation), whichever comes first; one flush classifies
 * at most one batch, so a backlog (a buffer restored after the batch size was lowered) drains batch by batch.
 *
 * <p>The buffer store exists whatever the batch size, so records buffered before a restart with another
 * batch size are always found. With a size of 1, a record goes straight to the classifier when nothing
 * waits ahead of it, without a buffer entry.
 *
 * <p>A record over the {@link RecordBudget} is dead-lettered before it is buffered: its buffer entry would
 * not fit one Kafka record. Outputs carry no headers of the input (they could be as large as the record).
 */
final class BatchingClassifyProcessor implements Processor<byte[], byte[], String, Outcome> {

    static final String BUFFER_STORE = "classify-buffer";

    private final Supplier<RecordClassifier> classifiers;
    private final BatchPolicy policy;
    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<Long, BufferedInput> buffer;
    private long firstSequence;
    private long nextSequence;
    private long oldestBufferedAtMs;
    /** The decoded pixels of each buffered record, oldest first; and their sum. */
    private final ArrayDeque<Long> pixels = new ArrayDeque<>();
    private long bufferedPixels;

    BatchingClassifyProcessor(Supplier<RecordClassifier> classifiers, BatchPolicy policy) {
        this.classifiers = classifiers;
        this.policy = policy;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER_STORE);
        recover();
        long tick = Math.max(1, policy.maxDelay().toMillis() / 4);
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (buffered() > 0 && now - oldestBufferedAtMs >= policy.maxDelay().toMillis()) {
                flush();
            }
        });
    }

    /**
     * Records restored from the changelog after a crash are flushed by the first punctuation. Everything is
     * read from the store: a revived task initializes the same processor again.
     */
    private void recover() {
        firstSequence = 0;
        nextSequence = 0;
        pixels.clear();
        bufferedPixels = 0;
        RecordClassifier classifier = classifiers.get();
        try (KeyValueIterator<Long, BufferedInput> entries = buffer.all()) {
            boolean first = true;
            while (entries.hasNext()) {
                KeyValue<Long, BufferedInput> entry = entries.next();
                if (first) {
                    firstSequence = entry.key;
                    first = false;
                }
                nextSequence = Math.max(nextSequence, entry.key + 1);
                add(classifier.decodedPixels(entry.value.input()));
            }
            if (first) {
                firstSequence = nextSequence;
            }
        }
        oldestBufferedAtMs = context.currentSystemTimeMs() - policy.maxDelay().toMillis();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordClassifier classifier = classifiers.get();
        RecordClassifier.Input input = new RecordClassifier.Input(record.key(), record.value(), origin(context));
        Outcome refused = classifier.refuseOverBudget(input);
        if (refused != null) {
            forward(refused, record.timestamp());
            return;
        }
        if (policy.perRecord() && buffered() == 0) {
            forward(classifier.classifyAll(List.of(input)).get(0), record.timestamp());
            return;
        }
        if (buffered() == 0) {
            oldestBufferedAtMs = context.currentSystemTimeMs();
        }
        buffer.put(nextSequence++, new BufferedInput(record.key(), record.value(), input.origin(), record.timestamp()));
        add(classifier.decodedPixels(input));
        if (buffered() >= policy.size() || bufferedPixels >= policy.maxPixels()) {
            flush();
        }
    }

    private void add(long decodedPixels) {
        pixels.addLast(decodedPixels);
        bufferedPixels += decodedPixels;
    }

    private long buffered() {
        return nextSequence - firstSequence;
    }

    /** Classifies the oldest batch: up to the policy's size, and within its pixel budget unless one record alone exceeds it. */
    private void flush() {
        List<KeyValue<Long, BufferedInput>> batch = new ArrayList<>();
        long batchPixels = 0;
        try (KeyValueIterator<Long, BufferedInput> entries = buffer.range(firstSequence, nextSequence - 1)) {
            for (Long cost : pixels) {
                if (batch.size() == policy.size() || !batch.isEmpty() && batchPixels + cost > policy.maxPixels()) {
                    break;
                }
                batch.add(entries.next());
                batchPixels += cost;
            }
        }
        List<Outcome> outcomes = classifiers.get().classifyAll(batch.stream().map(entry -> entry.value.input()).toList());
        for (int i = 0; i < batch.size(); i++) {
            forward(outcomes.get(i), batch.get(i).value.timestamp());
            buffer.delete(batch.get(i).key);
            bufferedPixels -= pixels.removeFirst();
        }
        firstSequence += batch.size();
    }

    private void forward(Outcome outcome, long timestamp) {
        context.forward(new Record<>(outcome.imageId(), outcome, timestamp));
    }

    /** Topic, partition and offset of the record being processed. */
    static RecordOrigin origin(ProcessorContext<?, ?> context) {
        return context.recordMetadata()
                .map(m -> new RecordOrigin(m.topic(), m.partition(), m.offset()))
                .orElse(RecordOrigin.UNKNOWN);
    }
}
