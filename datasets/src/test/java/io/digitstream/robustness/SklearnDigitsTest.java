package io.digitstream.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.SyntheticImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SklearnDigitsTest {

    /** Really runs apt-get download python3-sklearn (about 2 MB) into an empty cache, then uses the cached copy. */
    @Test
    void fetchesThePinnedDigitsWithTheirKnownLabelHistogram(@TempDir Path cache) throws IOException {
        SklearnDigits digits = SklearnDigits.fetch(cache);

        assertThat(digits.count()).isEqualTo(1797);
        int[] histogram = new int[10];
        for (int i = 0; i < digits.count(); i++) {
            histogram[digits.label(i)]++;
        }
        // scikit-learn's load_digits: np.bincount(target).
        assertThat(histogram).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        // The first digit is a 0: "0,0,5,13,9,1,0,0" on its first row, times 16.
        assertThat(digits.label(0)).isZero();
        assertThat(digits.image(0).at(2, 0)).isEqualTo(80);
        assertThat(digits.image(0).at(3, 0)).isEqualTo(208);
        assertThat(digits.image(1).at(4, 1)).isEqualTo(255); // 16 x 16 = 256 is kept at full ink

        Files.writeString(cache.resolve("digits.csv.gz"), "damaged");
        assertThat(SklearnDigits.fetch(cache).count()).isEqualTo(1797); // fetched again, verified
    }

    @Test
    void theSetShowsThemEnlargedLightOnDarkAndWithADarkMargin(@TempDir Path dir) throws IOException {
        SklearnDigits digits = SklearnDigits.read(writeCsv(dir, 1797));
        InkScans plain = new InkScans(digits.count(), digits::label, i -> SklearnScan.of(digits.image(i)),
                InkScans.Look.LIGHT_ON_DARK_GRAY8, false);
        InkScans margin = new InkScans(digits.count(), digits::label, i -> SklearnScan.of(digits.image(i)),
                InkScans.Look.LIGHT_ON_DARK_GRAY8, true);
        SyntheticImage image = plain.image(5);
        assertThat(image.encoding()).isEqualTo(PixelEncoding.GRAY8);
        assertThat(image.width()).isEqualTo(32);
        assertThat(image.label()).isEqualTo(5);
        // Only cell (2, 0) is full ink. Bilinear x4 samples at cell offsets +-1/8 and +-3/8: its block's inner
        // pixels are 7/8 ink, its outer ones 5/8 of the way from the neighbour, and ink spreads one pixel at most.
        assertThat(image.bytes()[10] & 0xFF).isEqualTo(223);
        assertThat(image.bytes()[9] & 0xFF).isEqualTo(223);
        assertThat(image.bytes()[8] & 0xFF).isEqualTo(159);
        assertThat(image.bytes()[6] & 0xFF).isEqualTo(32);
        assertThat(image.bytes()[5] & 0xFF).isZero();
        assertThat(image.bytes()[14] & 0xFF).isZero();
        // Down the rows: the top edge is extended (rows 0, 1 full), then 7/8, 5/8, 3/8 of the way to the empty row 1.
        assertThat(image.bytes()[1 * 32 + 10] & 0xFF).isEqualTo(223);
        assertThat(image.bytes()[2 * 32 + 10] & 0xFF).isEqualTo(195);
        assertThat(image.bytes()[4 * 32 + 10] & 0xFF).isEqualTo(84);
        assertThat(image.bytes()[6 * 32 + 10] & 0xFF).isZero();
        assertThat(image.bytes()[0] & 0xFF).isZero();
        SyntheticImage padded = margin.image(5);
        assertThat(padded.width()).isEqualTo(48);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(padded.bytes()[(y + 8) * 48 + x + 8]).isEqualTo(image.bytes()[y * 32 + x]);
            }
        }
        assertThat(padded.bytes()[0]).isZero();
    }

    @Test
    void theEightPixelSetSendsTheSourcePixelsAsTheyAre() throws IOException {
        SklearnDigits digits = SklearnDigits.fetch();
        EvaluationImages plain = IndependentSets.open("sklearn-digits-8", () -> {
            throw new AssertionError("MNIST is not needed");
        }, IndependentSets.DEFAULT_SEED);
        EvaluationImages margin = IndependentSets.open("sklearn-digits-8-margin", () -> {
            throw new AssertionError("MNIST is not needed");
        }, IndependentSets.DEFAULT_SEED);
        assertThat(plain.count()).isEqualTo(1797);
        for (int i : new int[] {0, 1, 1796}) {
            SyntheticImage image = plain.image(i);
            assertThat(image.encoding()).isEqualTo(PixelEncoding.GRAY8);
            assertThat(image.width()).isEqualTo(8);
            assertThat(image.height()).isEqualTo(8);
            assertThat(image.label()).isEqualTo(digits.label(i));
            assertThat(image.bytes()).isEqualTo(digits.image(i).ink());
            SyntheticImage padded = margin.image(i);
            assertThat(padded.width()).isEqualTo(12);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    boolean inside = x >= 2 && x < 10 && y >= 2 && y < 10;
                    assertThat(padded.bytes()[y * 12 + x]).isEqualTo(inside ? image.bytes()[(y - 2) * 8 + x - 2] : 0);
                }
            }
        }
    }

    @Test
    void aFileOfTheWrongShapeIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> SklearnDigits.read(writeCsv(dir, 1796)))
                .isInstanceOf(IOException.class).hasMessageContaining("1796 digits, expected 1797");
        Path bad = dir.resolve("bad.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bad))) {
            out.write("0,1,2\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThatThrownBy(() -> SklearnDigits.read(bad))
                .isInstanceOf(IOException.class).hasMessageContaining("line 1: 3 fields, expected 65");
    }

    /** {@code rows} digits, each with cell (2, 0) full (16) and label {@code row % 10}. */
    private static Path writeCsv(Path dir, int rows) throws IOException {
        Path file = dir.resolve("digits-" + rows + ".csv.gz");
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < 64; i++) {
                csv.append(i == 2 ? "16" : "0").append(',');
            }
            csv.append(row % 10).append('\n');
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(csv.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }
}
