package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.schemas.Prediction;
import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class MisclassifiedDigitsTest {

    private static Prediction prediction(String id, int digit, Integer label) {
        return Prediction.newBuilder().setId(id).setSource("s").setDigit(digit).setConfidence(0.6f)
                .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("m").setCaptureTime(Instant.EPOCH)
                .setClassificationTime(Instant.EPOCH).setLabel(label).build();
    }

    private static float[] input(float ink) {
        float[] pixels = new float[784];
        pixels[0] = ink;
        return pixels;
    }

    @Test
    void keepsWrongAnswersNewestFirstJudgingSeparatelyLabeledOnesWhenTheirLabelJoins() {
        MisclassifiedDigits digits = new MisclassifiedDigits(2, 10);
        digits.classified(prediction("right", 3, 3), input(1));
        digits.classified(prediction("inline-wrong", 3, 5), input(1));
        digits.classified(prediction("later-wrong", 4, null), input(0.5f));
        digits.classified(prediction("later-right", 7, null), input(1));
        assertThat(digits.latest()).extracting(MisclassifiedDigits.Thumbnail::id).containsExactly("inline-wrong");

        digits.observed("later-right", Observation.labeled("s", 7, 7, 0));
        digits.observed("later-wrong", Observation.labeled("s", 9, 4, 0));

        assertThat(digits.latest()).extracting(MisclassifiedDigits.Thumbnail::id).containsExactly("later-wrong", "inline-wrong");
        MisclassifiedDigits.Thumbnail latest = digits.latest().get(0);
        assertThat(latest.label()).isEqualTo(9);
        assertThat(latest.digit()).isEqualTo(4);
        assertThat(latest.pixels()[0] & 0xff).as("0..1 model input as 0..255 pixels").isEqualTo(128);

        digits.classified(prediction("third", 1, 2), input(1));
        assertThat(digits.latest()).extracting(MisclassifiedDigits.Thumbnail::id).containsExactly("third", "later-wrong");
    }

    @Test
    void forgetsTheOldestImagesWaitingForALabel() {
        MisclassifiedDigits digits = new MisclassifiedDigits(5, 2);
        digits.classified(prediction("a", 1, null), input(1));
        digits.classified(prediction("b", 1, null), input(1));
        digits.classified(prediction("c", 1, null), input(1));

        digits.observed("a", Observation.labeled("s", 2, 1, 0));
        digits.observed("c", Observation.labeled("s", 2, 1, 0));
        assertThat(digits.latest()).extracting(MisclassifiedDigits.Thumbnail::id).containsExactly("c");
    }
}
