package io.digitstream.idx;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Equally sized grayscale images with one label each. Pixels are unsigned bytes in the MNIST convention: 0 is
 * background, 255 full ink; each image is stored row-major.
 */
public final class LabeledImages {
    private final int width;
    private final int height;
    private final byte[] pixels;
    private final int[] labels;

    /** Takes ownership of the arrays without copying: the full training set is 47 MB of pixels. */
    LabeledImages(int width, int height, byte[] pixels, int[] labels) {
        if ((long) width * height * labels.length != pixels.length) {
            throw new IllegalArgumentException(String.format("%d pixels do not make %d images of %dx%d",
                    pixels.length, labels.length, width, height));
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Loads an idx3 image file and the idx1 label file that goes with it. */
    public static LabeledImages load(Path imagesIdx, Path labelsIdx) throws IOException {
        return load(imagesIdx.toUri().toURL(), labelsIdx.toUri().toURL());
    }

    /** As {@link #load(Path, Path)}, for classpath resources too. */
    public static LabeledImages load(URL imagesIdx, URL labelsIdx) throws IOException {
        IdxReader.Images images = IdxReader.readImages(imagesIdx);
        int[] labels = IdxReader.readLabels(labelsIdx);
        if (images.count() != labels.length) {
            throw new IOException(String.format("%s holds %d images but %s holds %d labels",
                    imagesIdx, images.count(), labelsIdx, labels.length));
        }
        return new LabeledImages(images.width(), images.height(), images.pixels(), labels);
    }

    public int count() {
        return labels.length;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** A copy of image {@code i}'s pixels, row-major. */
    public byte[] image(int i) {
        Objects.checkIndex(i, count());
        int size = width * height;
        return Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
    }

    public int label(int i) {
        return labels[Objects.checkIndex(i, count())];
    }

    /** The first {@code n} images and their labels. */
    public LabeledImages head(int n) {
        Objects.checkFromToIndex(0, n, count());
        return new LabeledImages(width, height, Arrays.copyOf(pixels, n * width * height), Arrays.copyOf(labels, n));
    }

    /** The images labelled with one of {@code digits}, in their order. */
    public LabeledImages withLabels(java.util.Set<Integer> digits) {
        int size = width * height;
        int[] kept = java.util.stream.IntStream.range(0, count()).filter(i -> digits.contains(labels[i])).toArray();
        byte[] keptPixels = new byte[kept.length * size];
        int[] keptLabels = new int[kept.length];
        for (int k = 0; k < kept.length; k++) {
            System.arraycopy(pixels, kept[k] * size, keptPixels, k * size, size);
            keptLabels[k] = labels[kept[k]];
        }
        return new LabeledImages(width, height, keptPixels, keptLabels);
    }

    /** For {@link IdxWriter}; not copied, so not to be modified. */
    byte[] pixels() {
        return pixels;
    }

    /** For {@link IdxWriter}; not copied, so not to be modified. */
    int[] labels() {
        return labels;
    }

    @Override
    public String toString() {
        return "LabeledImages[" + count() + " images of " + width + "x" + height + "]";
    }
}
