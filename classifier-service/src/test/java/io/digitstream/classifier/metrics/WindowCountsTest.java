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

    /**
     * Five paired images, four labeled: both right (label 1), champion only (label 2: challenger says 3), challenger
     * only (label 4: champion says 9), both wrong and disagreeing (label 5: 6 and 8), one unlabeled where they agree.
     * Agreement 2 of 5 (the both-right and the unlabeled one); accuracies 2/4 each; difference 0.
     */
    @Test
    void comparesChampionAndChallengerOnTheirPairedAnswers() {
        WindowCounts counts = new WindowCounts()
                .add(Observation.labeled("s", 1, 1, 5, new ModelPair("cnn", "clean", 1, 1)))
                .add(Observation.labeled("s", 2, 2, 5, new ModelPair("cnn", "clean", 2, 3)))
                .add(Observation.labeled("s", 4, 4, 5, new ModelPair("cnn", "clean", 9, 4)))
                .add(Observation.labeled("s", 5, 6, 5, new ModelPair("cnn", "clean", 6, 8)))
                .add(Observation.unlabeled("s", 7, 5, new ModelPair("cnn", "clean", 7, 7)))
                .add(Observation.labeled("s", 0, 0, 5)); // no challenger: not compared
        var c = counts.comparison();
        assertThat(c.getChampionVersion()).isEqualTo("cnn");
        assertThat(c.getChallengerVersion()).isEqualTo("clean");
        assertThat(c.getCompared()).isEqualTo(5);
        assertThat(c.getAgreed()).isEqualTo(2);
        assertThat(c.getAgreement()).isEqualTo(0.4);
        assertThat(c.getLabeled()).isEqualTo(4);
        assertThat(c.getChampionCorrect()).isEqualTo(2);
        assertThat(c.getChallengerCorrect()).isEqualTo(2);
        assertThat(c.getChampionOnlyCorrect()).isEqualTo(1);
        assertThat(c.getChallengerOnlyCorrect()).isEqualTo(1);
        assertThat(c.getAccuracyDifference()).isZero();
        assertThat(c.getDifferenceLow()).isNegative();
        assertThat(c.getDifferenceHigh()).isCloseTo(-c.getDifferenceLow(), org.assertj.core.api.Assertions.within(1e-12));

        WindowCounts copy = WindowCounts.SERDE.deserialize("t", WindowCounts.SERDE.serialize("t", counts));
        assertThat(copy.comparison()).isEqualTo(c);

        // Another pair of versions (a swap) is counted apart and shown; the old pair's late outcomes do not reset it.
        counts.add(Observation.labeled("s", 3, 3, 5, new ModelPair("cnn", "clean-2", 3, 3)));
        assertThat(counts.comparison().getChallengerVersion()).isEqualTo("clean-2");
        assertThat(counts.comparison().getCompared()).isEqualTo(1);
        counts.add(Observation.labeled("s", 3, 3, 5, new ModelPair("cnn", "clean", 3, 3)));
        assertThat(counts.comparison().getChallengerVersion()).isEqualTo("clean-2");
        assertThat(counts.comparison().getCompared()).isEqualTo(1);
        assertThat(new WindowCounts().add(Observation.labeled("s", 1, 1, 5)).comparison()).isNull();
    }

    /** A window keeps MAX_PAIRS pairs of versions apart: one more forgets the oldest, which then comes back as new. */
    @Test
    void keepsAtMostMaxPairsOfVersionsApart() {
        for (int pairs : new int[] {WindowCounts.MAX_PAIRS - 1, WindowCounts.MAX_PAIRS, WindowCounts.MAX_PAIRS + 1}) {
            WindowCounts counts = new WindowCounts();
            for (int p = 1; p <= pairs; p++) {
                counts.add(Observation.unlabeled("s", 1, 5, new ModelPair("cnn", "v" + p, 1, 1)));
            }
            counts = WindowCounts.SERDE.deserialize("t", WindowCounts.SERDE.serialize("t", counts));
            counts.add(Observation.unlabeled("s", 1, 5, new ModelPair("cnn", "v1", 1, 1)));
            if (pairs <= WindowCounts.MAX_PAIRS) {
                assertThat(counts.comparison().getChallengerVersion()).as("%d pairs: v1 kept", pairs).isEqualTo("v" + pairs);
            } else {
                assertThat(counts.comparison().getChallengerVersion()).as("%d pairs: v1 forgotten", pairs).isEqualTo("v1");
                assertThat(counts.comparison().getCompared()).isEqualTo(1);
            }
        }
    }

    @Test
    void readsWindowCountsWrittenBeforeTheComparison() throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(1);
        for (int i = 0; i < 100; i++) {
            out.writeLong(i == 11 ? 2 : 0); // label 1 predicted 1, twice
        }
        for (long field : new long[] {3, 4, 2, 10, 7}) { // unlabeled, dead letters, latency count, sum, max
            out.writeLong(field);
        }
        WindowCounts old = WindowCounts.SERDE.deserialize("t", bytes.toByteArray());
        assertThat(old.confusion().count(1, 1)).isEqualTo(2);
        assertThat(old.deadLetters()).isEqualTo(4);
        assertThat(old.latencyMaxMillis()).isEqualTo(7L);
        assertThat(old.comparison()).isNull();
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
