package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void argmaxIsTheIndexOfTheHighestScore() {
        assertThat(Scores.argmax(new float[] {0.1f, 0.7f, 0.2f})).isEqualTo(1);
        assertThat(Scores.argmax(new float[] {0.9f, 0.05f, 0.05f})).isZero();
        assertThat(Scores.argmax(new float[] {0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f})).isEqualTo(9);
        assertThat(Scores.argmax(new float[] {-3f, -1f, -2f})).isEqualTo(1);
        assertThat(Scores.argmax(new float[] {0.4f})).isZero();
    }

    @Test
    void aTieGoesToTheLowerIndex() {
        assertThat(Scores.argmax(new float[] {0.1f, 0.45f, 0.45f})).isEqualTo(1);
    }

    @Test
    void anEmptyRowIsRefused() {
        assertThatThrownBy(() -> Scores.argmax(new float[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no scores");
    }
}
