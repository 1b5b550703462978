package io.digitstream.synthetic;

import io.digitstream.idx.LabeledImages;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Hand-made digits and textures for the generator tests. */
final class TestDigits {
    private TestDigits() {
    }

    /** 28x28 images written as idx files and loaded back (LabeledImages has no public constructor). */
    static LabeledImages images(Path dir, List<byte[]> images, int label) {
        try {
            Path imagesFile = dir.resolve("images-idx3-ubyte");
            Path labelsFile = dir.resolve("labels-idx1-ubyte");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(imagesFile))) {
                out.writeInt(0x00000803);
                out.writeInt(images.size());
                out.writeInt(28);
                out.writeInt(28);
                for (byte[] image : images) {
                    out.write(image);
                }
            }
            try (OutputStream out = new DataOutputStream(Files.newOutputStream(labelsFile))) {
                ((DataOutputStream) out).writeInt(0x00000801);
                ((DataOutputStream) out).writeInt(images.size());
                for (int i = 0; i < images.size(); i++) {
                    out.write(label);
                }
            }
            return LabeledImages.load(imagesFile, labelsFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 200x200 photograph stand-in: the left half one flat gray, the right half strong noise. */
    static Texture halfFlat(String name, boolean test) {
        SplittableRandom random = new SplittableRandom(7);
        byte[] gray = new byte[200 * 200];
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) {
                gray[y * 200 + x] = (byte) (x < 100 ? 90 : random.nextInt(256));
            }
        }
        return new Texture(name, 200, 200, gray, test);
    }

    static Textures halfFlatTextures() {
        return Textures.of(List.of(halfFlat("half-flat", false)), "test textures");
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    static double std(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return Math.sqrt(sum / values.length);
    }
}
