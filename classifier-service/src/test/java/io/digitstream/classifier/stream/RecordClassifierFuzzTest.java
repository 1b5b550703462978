package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.digitstream.model.TestModels;
import io.digitstream.model.image.ImageLimits;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.serde.ContractSerdes;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The whole per-record path on arbitrary record bytes: it never throws and gives exactly one outcome per
 * record, one that can be written to its topic; a dead letter keeps the original key, value and origin.
 * Regression mode (the default) runs the seeds in {@code RecordClassifierFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class RecordClassifierFuzzTest {

    private static final RecordOrigin ORIGIN = new RecordOrigin("digit-images", 3, 42);
    private static RecordClassifier classifier;

    private static synchronized RecordClassifier classifier() {
        if (classifier == null) {
            classifier = new RecordClassifier(new ImagePipeline(new ImageLimits(256, 256, 200_000)), TestModels.shipped(),
                    Clock.systemUTC());
        }
        return classifier;
    }

    /** Byte 0 says whether the record has a key ("k") or not, and whether it is a tombstone (bit 1); the rest is the value. */
    @FuzzTest(maxDuration = "60s")
    void everyRecordGetsExactlyOneWritableOutcome(byte[] data) {
        byte[] key = data.length > 0 && (data[0] & 1) == 1 ? "k".getBytes() : null;
        byte[] value = data.length > 0 && (data[0] & 2) == 2 ? null : Arrays.copyOfRange(data, Math.min(1, data.length), data.length);
        RecordClassifier.Input input = new RecordClassifier.Input(key, value, ORIGIN);

        List<Outcome> outcomes = classifier().classifyAll(List.of(input, input));

        assertThat(outcomes).hasSize(2);
        assertThat(summary(outcomes.get(1))).as("the same record, the same outcome").isEqualTo(summary(outcomes.get(0)));
        Outcome outcome = outcomes.get(0);
        if (outcome instanceof Outcome.Classified classified) {
            assertThat(ContractSerdes.prediction().serialize("p", classified.prediction())).isNotEmpty();
        } else {
            DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
            assertThat(ContractSerdes.deadLetter().serialize("d", letter)).isNotEmpty();
            assertThat(letter.getStage()).isNotNull();
            assertThat(letter.getReason()).isNotBlank();
            assertThat(letter.getOriginalValue()).isEqualTo(value == null ? null : ByteBuffer.wrap(value));
            assertThat(letter.getOriginalKey()).isEqualTo(key == null ? null : ByteBuffer.wrap(key));
            assertThat(letter.getTopic()).isEqualTo(ORIGIN.topic());
            assertThat(letter.getPartition()).isEqualTo(ORIGIN.partition());
            assertThat(letter.getOffset()).isEqualTo(ORIGIN.offset());
        }
    }

    /** An outcome without its timestamps. */
    private static String summary(Outcome outcome) {
        if (outcome instanceof Outcome.Classified classified) {
            return "prediction " + classified.prediction().getId() + " " + classified.prediction().getDigit();
        }
        DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
        return "dead letter " + letter.getImageId() + " " + letter.getStage() + " " + letter.getReason();
    }
}
