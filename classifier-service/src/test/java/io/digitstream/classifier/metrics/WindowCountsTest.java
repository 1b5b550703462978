package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WindowCountsTest {

    @Test
    void keepsOutcomesThatAreNotInTheMatrixApartAndAveragesLatencyOverPredictions() {
        WindowCounts counts = new WindowCounts()
                .add(Observation.labeled("s", 3, 8, 10))
                .add(Observation.unlabeled("s", 2, 30))
                .add(Observation.deadLetter());

        assertThat(counts.confusion().count(3, 8)).isEqualTo(1);
        assertThat(counts.confusion().total()).isEqualTo(1);
        assertThat(counts.unlabeled()).isEqualTo(1);
        assertThat(counts.deadLetters()).isEqualTo(1);
        assertThat(counts.latencyMeanMillis()).isEqualTo(20.0);
        assertThat(counts.latencyMaxMillis()).isEqualTo(30L);
        assertThat(new WindowCounts().latencyMeanMillis()).isNull();
    }

    @Test
    void internalSerdesRoundTripAndRefuseOtherFormats() {
        WindowCounts counts = new WindowCounts().add(Observation.labeled("s", 9, 9, 4)).add(Observation.deadLetter());
        WindowCounts copy = WindowCounts.SERDE.deserialize("t", WindowCounts.SERDE.serialize("t", counts));
        assertThat(copy.confusion().toArray()).isEqualTo(counts.confusion().toArray());
        assertThat(copy.deadLetters()).isEqualTo(1);
        assertThat(copy.latencyMaxMillis()).isEqualTo(4L);

        Observation o = Observation.unlabeled("scanner-ü", 7, 123);
        assertThat(Observation.SERDE.deserialize("t", Observation.SERDE.serialize("t", o))).isEqualTo(o);
        JoinState state = JoinState.awaitingPrediction(5, 15, 3);
        assertThat(JoinState.SERDE.deserialize("t", JoinState.SERDE.serialize("t", state))).isEqualTo(state);

        assertThatThrownBy(() -> WindowCounts.SERDE.deserialize("t", new byte[] {9, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9");
    }
}
