package io.digitstream.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandwritingFontsTest {

    /** Really runs apt-get download for the seven font packages (about 4 MB together) into an empty cache. */
    @Test
    void fetchesSixteenPinnedFacesThatDrawEveryDigitReproduciblyWithPaperAround(@TempDir Path cache)
            throws IOException {
        List<Font> fonts = HandwritingFonts.fetch(cache);

        assertThat(fonts).hasSize(16);
        for (Font font : fonts) {
            for (char digit = '0'; digit <= '9'; digit++) {
                assertThat(font.canDisplay(digit)).as("%s %c", font.getFontName(), digit).isTrue();
            }
        }
        for (int i = 0; i < 100; i++) {
            InkImage image = FontDigit.draw(fonts, i % 10, new SplittableRandom(i));
            assertThat(image.ink()).isEqualTo(FontDigit.draw(fonts, i % 10, new SplittableRandom(i)).ink());
            assertThat(image.height()).isBetween(FontDigit.MIN_HEIGHT, FontDigit.MAX_HEIGHT);
            InkBox box = InkBox.of(image);
            // The digit is whole, with paper on every side, and dark: at least 150 levels above the paper.
            assertThat(box.left()).as("#%d", i).isPositive();
            assertThat(box.top()).isPositive();
            assertThat(box.right()).isLessThan(image.width() - 1);
            assertThat(box.bottom()).isLessThan(image.height() - 1);
            assertThat(box.height()).isGreaterThanOrEqualTo(image.height() / 2);
            int paper = image.at(0, 0);
            int darkest = 0;
            for (byte b : image.ink()) {
                darkest = Math.max(darkest, b & 0xFF);
            }
            assertThat(darkest - paper).as("#%d contrast", i).isGreaterThanOrEqualTo(140);
        }
    }
}
