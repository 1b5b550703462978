package io.digitstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import org.junit.jupiter.api.Test;

class FormFieldTest {

    private static final LabeledImages MNIST = MnistFixture.test500();
    private static final SyntheticDigits FIELDS = SyntheticDigits.of(Variant.FORM_FIELD, null);

    @Test
    void fieldsAreCroppedTightSoInkTouchesTheFrame() {
        int touchingTwoSides = 0;
        int darkOnLight = 0;
        for (int i = 0; i < 300; i++) {
            SyntheticImage field = FIELDS.generate(MNIST, i, SyntheticDigits.DEFAULT_SEED);
            assertThat(field.encoding()).isEqualTo(PixelEncoding.GRAY8);
            assertThat(Math.max(field.width(), field.height())).as("field %d", i).isBetween(20, 96);
            assertThat(field.label()).isEqualTo(MNIST.label(i));
            int paper = cornerMedian(field);
            darkOnLight += paper > 128 ? 1 : 0;
            int sides = 0;
            sides += touches(field, paper, 0, 0, 1, 0) ? 1 : 0;
            sides += touches(field, paper, 0, field.height() - 1, 1, 0) ? 1 : 0;
            sides += touches(field, paper, 0, 0, 0, 1) ? 1 : 0;
            sides += touches(field, paper, field.width() - 1, 0, 0, 1) ? 1 : 0;
            touchingTwoSides += sides >= 2 ? 1 : 0;
        }
        // a third are cut with no margin at all; the rest keep 1..2 px (3..6 px once upscaled) of paper
        assertThat(touchingTwoSides).as("fields whose ink touches two or more sides").isGreaterThan(90);
        assertThat(darkOnLight).as("dark ink on paper, most of the time").isBetween(180, 270);
    }

    /** Whether a frame side (from x, y along dx, dy) holds a pixel far from the paper level: ink. */
    private static boolean touches(SyntheticImage field, int paper, int x, int y, int dx, int dy) {
        for (; x < field.width() && y < field.height(); x += dx, y += dy) {
            if (Math.abs((field.bytes()[y * field.width() + x] & 0xFF) - paper) > 60) {
                return true;
            }
        }
        return false;
    }

    private static int cornerMedian(SyntheticImage field) {
        int w = field.width();
        int h = field.height();
        int[] corners = {field.bytes()[0] & 0xFF, field.bytes()[w - 1] & 0xFF, field.bytes()[(h - 1) * w] & 0xFF,
                field.bytes()[h * w - 1] & 0xFF};
        java.util.Arrays.sort(corners);
        return (corners[1] + corners[2]) / 2;
    }
}
