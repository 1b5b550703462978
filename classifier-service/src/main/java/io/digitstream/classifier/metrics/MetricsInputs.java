package io.digitstream.classifier.metrics;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.kstream.ValueMapperWithKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live metrics read the predictions, labels and dead-letters topics as bytes and decode and check each record
 * here, so that a record that does not belong there (a producer pointed at the wrong topic, a tombstone, a label of
 * 12, garbage) is skipped, counted ({@link MetricsListener#invalidRecord}) and logged, and never stops the task.
 *
 * <p>Skipped records are not dead-lettered: the dead-letters topic accounts for the images topic (every image
 * gives one prediction or one dead letter), and a dead letter for a record of another topic would break that count.
 */
final class MetricsInputs {

    private static final Logger log = LoggerFactory.getLogger(MetricsInputs.class);
    /** At most this many skipped records are logged one by one per minute; the counters count them all. */
    static final int LOGGED_PER_MINUTE = 20;

    private MetricsInputs() {
    }

    static ValueMapperWithKey<String, byte[], Iterable<Prediction>> predictions(String topic, MetricsListener listener) {
        SingleObjectSerde<Prediction> serde = ContractSerdes.prediction();
        return (key, bytes) -> decode(topic, key, bytes, listener, true, serde,
                p -> isDigit(p.getDigit()) && (p.getLabel() == null || isDigit(p.getLabel()))
                        && (p.getCompared() == null || isDigit(p.getCompared().getDigit())) ? null
                        : "digit " + p.getDigit() + ", label " + p.getLabel() + " or compared digit "
                                + (p.getCompared() == null ? null : p.getCompared().getDigit()) + " is not a digit 0..9");
    }

    static ValueMapperWithKey<String, byte[], Iterable<LabelEvent>> labels(String topic, MetricsListener listener) {
        SingleObjectSerde<LabelEvent> serde = ContractSerdes.labelEvent();
        return (key, bytes) -> decode(topic, key, bytes, listener, true, serde,
                event -> isDigit(event.getLabel()) ? null : "label " + event.getLabel() + " is not a digit 0..9");
    }

    /** A dead letter may have no key (its image had none). */
    static ValueMapperWithKey<String, byte[], Iterable<DeadLetter>> deadLetters(String topic, MetricsListener listener) {
        SingleObjectSerde<DeadLetter> serde = ContractSerdes.deadLetter();
        return (key, bytes) -> decode(topic, key, bytes, listener, false, serde, d -> null);
    }

    /**
     * @param problem why a decoded value is invalid, or null
     * @return the value, or nothing when the record is skipped
     */
    private static <T extends SpecificRecord> List<T> decode(String topic, String key, byte[] bytes, MetricsListener listener, boolean keyed,
            SingleObjectSerde<T> serde, Function<T, String> problem) {
        String reason;
        if (bytes == null) {
            reason = "a tombstone (no value)";
        } else if (keyed && key == null) {
            reason = "no key";
        } else {
            try {
                T value = serde.deserialize(topic, bytes);
                reason = problem.apply(value);
                if (reason == null) {
                    return List.of(value);
                }
            } catch (RuntimeException e) { // SerializationException, or anything odd bytes could provoke
                reason = "not a record of this topic's schema: " + e.getMessage();
            }
        }
        skipped(topic, key, reason, listener);
        return List.of();
    }

    private static final LogBudget LOG_BUDGET = new LogBudget(LOGGED_PER_MINUTE, System::currentTimeMillis);

    private static void skipped(String topic, String key, String problem, MetricsListener listener) {
        String shownKey = key == null ? null : MetricsText.id(key);
        listener.invalidRecord(topic, shownKey, problem);
        int line = LOG_BUDGET.take();
        if (line > 0) {
            log.warn("live metrics skipped a record of {} (key {}): {}{}", topic, shownKey, problem,
                    line == LOG_BUDGET.perMinute() ? " (no more of these are logged this minute; "
                            + "digits_invalid_records_total counts them all)" : "");
        }
    }

    private static boolean isDigit(int value) {
        return value >= 0 && value <= 9;
    }
}
