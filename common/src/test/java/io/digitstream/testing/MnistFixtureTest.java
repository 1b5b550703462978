package io.digitstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
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
