package io.digitstream.classifier.stream;

import java.time.Duration;
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
 * Classifies records in micro-batches without weakening exactly-once.
 *
 * <p>Why no record is lost or duplicated: a record is never held only in memory. {@link #process}
 * appends it to a changelogged state store under the next sequence number; {@link #flush} classifies
 * the buffered records in one model call, forwards one outcome per record and deletes them from the
 * store. Under {@code exactly_once_v2}, Kafka Streams commits the consumed offsets, the output records
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
 * A batch closes when it reaches the policy's size or when its oldest record has waited the policy's
 * max delay (checked by a wall-clock punctuation), whichever comes first.
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

    BatchingClassifyProcessor(Supplier<RecordClassifier> classifiers, BatchPolicy policy) {
        this.classifiers = classifiers;
        this.policy = policy;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER_STORE);
        recoverSequence();
        long tick = Math.max(1, policy.maxDelay().toMillis() / 4);
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (buffered() > 0 && now - oldestBufferedAtMs >= policy.maxDelay().toMillis()) {
                flush();
            }
        });
    }

    /** Records restored from the changelog after a crash are flushed by the first punctuation. */
    private void recoverSequence() {
        firstSequence = 0;
        nextSequence = 0;
        try (KeyValueIterator<Long, BufferedInput> entries = buffer.all()) {
            boolean first = true;
            while (entries.hasNext()) {
                long sequence = entries.next().key;
                if (first) {
                    firstSequence = sequence;
                    first = false;
                }
                nextSequence = Math.max(nextSequence, sequence + 1);
            }
            if (first) {
                firstSequence = nextSequence;
            }
        }
        oldestBufferedAtMs = context.currentSystemTimeMs() - policy.maxDelay().toMillis();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordOrigin origin = ClassifyProcessor.origin(context);
        if (buffered() == 0) {
            oldestBufferedAtMs = context.currentSystemTimeMs();
        }
        buffer.put(nextSequence++, new BufferedInput(record.key(), record.value(), origin, record.timestamp()));
        if (buffered() >= policy.size()) {
            flush();
        }
    }

    private long buffered() {
        return nextSequence - firstSequence;
    }

    private void flush() {
        List<KeyValue<Long, BufferedInput>> batch = new ArrayList<>((int) buffered());
        try (KeyValueIterator<Long, BufferedInput> entries = buffer.range(firstSequence, nextSequence - 1)) {
            entries.forEachRemaining(batch::add);
        }
        List<Outcome> outcomes = classifiers.get().classifyAll(batch.stream().map(entry -> entry.value.input()).toList());
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = outcomes.get(i);
            context.forward(new Record<>(outcome.imageId(), outcome, batch.get(i).value.timestamp()));
            buffer.delete(batch.get(i).key);
        }
        firstSequence = nextSequence;
    }
}
