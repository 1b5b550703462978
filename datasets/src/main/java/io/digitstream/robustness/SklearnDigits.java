package io.digitstream.robustness;

import io.digitstream.debian.DebianPackage;
import io.digitstream.debian.PinnedFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Real handwriting that is not MNIST: the 1,797 digits of the UCI "Optical Recognition of Handwritten Digits" test
 * data (E. Alpaydin and C. Kaynak, 1998; 43 writers on NIST forms), as scikit-learn ships them in
 * {@code sklearn/datasets/data/digits.csv.gz} (BSD-3-Clause, Debian's {@code /usr/share/doc/python3-sklearn/copyright}).
 * Each is an 8x8 image of 0..16: the count of ink pixels in a 4x4 block of a 32x32 binary scan. Taken from the Debian
 * package {@code python3-sklearn} (SHA-256-pinned, cached in {@code ~/.cache/digit-stream/sklearn-digits}).
 */
final class SklearnDigits {
    static final DebianPackage PACKAGE = new DebianPackage("python3-sklearn", "1.2.1+dfsg-1", "about 2 MB");
    static final PinnedFiles.Pinned CSV = new PinnedFiles.Pinned("digits.csv.gz",
            "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a");
    static final int COUNT = 1797;
    static final int SIDE = 8;
    /** The file's values run 0..16. */
    static final int MAX_VALUE = 16;

    private final List<InkImage> images;
    private final int[] labels;

    private SklearnDigits(List<InkImage> images, int[] labels) {
        this.images = images;
        this.labels = labels;
    }

    static SklearnDigits fetch() throws IOException {
        return fetch(Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "sklearn-digits"));
    }

    static SklearnDigits fetch(Path cacheDir) throws IOException {
        PinnedFiles files = new PinnedFiles(PACKAGE.directory("usr/lib/python3/dist-packages/sklearn/datasets/data"),
                List.of(CSV));
        return read(files.fetch(cacheDir).get(0));
    }

    /** Rows of 64 values 0..16 and the label; the values become ink 0..255 (times 16, 256 kept at 255). */
    static SklearnDigits read(Path csvGz) throws IOException {
        List<InkImage> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(csvGz)), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                if (fields.length != SIDE * SIDE + 1) {
                    throw new IOException(csvGz + " line " + (images.size() + 1) + ": " + fields.length
                            + " fields, expected " + (SIDE * SIDE + 1));
                }
                byte[] ink = new byte[SIDE * SIDE];
                for (int i = 0; i < ink.length; i++) {
                    int value = (int) Double.parseDouble(fields[i]);
                    if (value < 0 || value > MAX_VALUE) {
                        throw new IOException(csvGz + " line " + (images.size() + 1) + ": value " + value);
                    }
                    ink[i] = (byte) Math.min(255, value * 16);
                }
                images.add(new InkImage(SIDE, SIDE, ink));
                labels.add((int) Double.parseDouble(fields[SIDE * SIDE]));
            }
        }
        if (images.size() != COUNT) {
            throw new IOException(csvGz + " holds " + images.size() + " digits, expected " + COUNT);
        }
        return new SklearnDigits(List.copyOf(images), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    int count() {
        return images.size();
    }

    InkImage image(int index) {
        return images.get(index);
    }

    int label(int index) {
        return labels[index];
    }
}
