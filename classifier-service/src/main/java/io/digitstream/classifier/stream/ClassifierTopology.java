package io.digitstream.classifier.stream;

import io.digitstream.config.Topics;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.ReviewRequest;
import io.digitstream.schemas.serde.ContractSerdes;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * images → classify → predictions, with everything that cannot be classified → dead letters, and, when the
 * review is on, the predictions under the review threshold also → review requests.
 * Classification runs in micro-batches (see {@link BatchingClassifyProcessor} for why that keeps
 * exactly-once) or, with a batch size of 1, record by record; every record is first held to the
 * {@link RecordBudget} of the classifier.
 *
 * <p>The images topic is consumed as raw bytes so that a record that does not even deserialize is
 * still seen by the processor and dead-lettered with its original bytes and offset, instead of being
 * skipped or stopping the application in a deserialization exception handler.
 */
public final class ClassifierTopology {

    private ClassifierTopology() {
    }

    /**
     * @param classifiers gives the {@link RecordClassifier} of the calling stream thread (one network
     *                    copy per thread, since DL4J serializes calls into one network)
     */
    public static void build(StreamsBuilder builder, Topics topics, BatchPolicy policy, Supplier<RecordClassifier> classifiers) {
        build(builder, topics, shadowTopic(topics), policy, classifiers, null);
    }

    /** The shadow topic beside {@code topics}' predictions: {@code digit-predictions-shadow} by default. */
    public static String shadowTopic(Topics topics) {
        return topics.predictions() + "-shadow";
    }

    /**
     * @param shadowTopic where each image's prediction that is not its output goes, with a challenger (one record
     *                    per image both models classified); the main topics keep one output per input
     * @param reviewTopic where the review requests of predictions under the review threshold also go
     *                    ({@link ReviewPolicy}); null when the review is off
     */
    public static void build(StreamsBuilder builder, Topics topics, String shadowTopic, BatchPolicy policy,
            Supplier<RecordClassifier> classifiers, String reviewTopic) {
        KStream<byte[], byte[]> images = builder
                .stream(topics.images(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("images"));
        // The buffer exists whatever the batch size: records buffered under another batch size before a restart are kept.
        // Its cache absorbs the entry of a record classified before the next commit, so the changelog receives only
        // that entry's tombstone instead of a second full copy of the image (BufferChangelogIT).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(BatchingClassifyProcessor.BUFFER_STORE), Serdes.Long(), BufferedInput.SERDE)
                .withCachingEnabled());
        KStream<String, Outcome> outcomes = images.process(() -> new BatchingClassifyProcessor(classifiers, policy),
                Named.as("classify"), BatchingClassifyProcessor.BUFFER_STORE);

        outcomes.split(Named.as("outcome-"))
                .branch((id, outcome) -> outcome instanceof Outcome.Classified, Branched.withConsumer(predictions -> {
                    predictions
                            .mapValues(outcome -> ((Outcome.Classified) outcome).prediction(), Named.as("prediction"))
                            .to(topics.predictions(), Produced.<String, Prediction>with(Serdes.String(), ContractSerdes.prediction())
                                    .withName("predictions"));
                    predictions
                            .filter((id, outcome) -> ((Outcome.Classified) outcome).shadow() != null, Named.as("challenged"))
                            .mapValues(outcome -> ((Outcome.Classified) outcome).shadow(), Named.as("shadow-prediction"))
                            .to(shadowTopic, Produced.<String, Prediction>with(Serdes.String(), ContractSerdes.prediction())
                                    .withName("shadow-predictions"));
                }, "classified"))
                .defaultBranch(Branched.withConsumer(rejected -> rejected
                        .mapValues(outcome -> ((Outcome.Rejected) outcome).deadLetter(), Named.as("dead-letter"))
                        .to(topics.deadLetters(), Produced.<String, DeadLetter>with(Serdes.String(), ContractSerdes.deadLetter())
                                .withName("dead-letters")), "rejected"));
        if (reviewTopic != null) {
            outcomes.flatMapValues(outcome -> outcome instanceof Outcome.Classified c && c.review() != null
                            ? List.of(c.review()) : List.<ReviewRequest>of(), Named.as("review"))
                    .to(reviewTopic, Produced.with(Serdes.String(), ContractSerdes.reviewRequest()).withName("review-requests"));
        }
    }
}
