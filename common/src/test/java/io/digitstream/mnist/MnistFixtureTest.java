package io.digitstream.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MnistFixtureTest {

    @Test
    void holdsTheFirst500TestImages() {
        LabeledImages fixture = MnistFixture.test500();

        assertThat(fixture.count()).isEqualTo(500);
        assertThat(fixture.width()).isEqualTo(28);
        assertThat(fixture.height()).isEqualTo(28);
        assertThat(fixture.label(0)).as("the first MNIST test digit").isEqualTo(7);
    }
}
