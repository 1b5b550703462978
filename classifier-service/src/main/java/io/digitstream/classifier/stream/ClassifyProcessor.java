package io.digitstream.classifier.stream;

import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The per-record path: classifies each images-topic record as it comes and forwards its single
 * {@link Outcome}, keyed by image id. The supplier gives the classifier of the current stream thread.
 */
final class ClassifyProcessor implements Processor<byte[], byte[], String, Outcome> {

    private final Supplier<RecordClassifier> classifiers;
    private ProcessorContext<String, Outcome> context;

    ClassifyProcessor(Supplier<RecordClassifier> classifiers) {
        this.classifiers = classifiers;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Outcome outcome = classifiers.get().classify(record.key(), record.value(), origin(context));
        context.forward(record.withKey(outcome.imageId()).withValue(outcome));
    }

    /** Topic, partition and offset of the record being processed. */
    static RecordOrigin origin(ProcessorContext<?, ?> context) {
        return context.recordMetadata()
                .map(m -> new RecordOrigin(m.topic(), m.partition(), m.offset()))
                .orElse(RecordOrigin.UNKNOWN);
    }
}
