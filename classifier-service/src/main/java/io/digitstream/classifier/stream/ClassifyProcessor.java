package io.digitstream.classifier.stream;

import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Classifies each images-topic record and forwards its single {@link Outcome}, keyed by image id.
 * One processor instance per task, each with its own {@link RecordClassifier} (and model copy).
 */
final class ClassifyProcessor implements Processor<byte[], byte[], String, Outcome> {

    private final Supplier<RecordClassifier> classifiers;
    private ProcessorContext<String, Outcome> context;
    private RecordClassifier classifier;

    ClassifyProcessor(Supplier<RecordClassifier> classifiers) {
        this.classifiers = classifiers;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.classifier = classifiers.get();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordOrigin origin = context.recordMetadata()
                .map(ClassifyProcessor::origin)
                .orElse(RecordOrigin.UNKNOWN);
        Outcome outcome = classifier.classify(record.key(), record.value(), origin);
        context.forward(record.withKey(outcome.imageId()).withValue(outcome));
    }

    private static RecordOrigin origin(RecordMetadata metadata) {
        return new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
