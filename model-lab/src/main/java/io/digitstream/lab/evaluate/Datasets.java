package io.digitstream.lab.evaluate;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.imagefolder.FileLabels;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.imagefolder.ImageFolder;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.robustness.EvaluationImages;
import io.digitstream.robustness.EvaluationSet;
import io.digitstream.robustness.IndependentSets;
import io.digitstream.schemas.DigitImage;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Textures;
import io.digitstream.synthetic.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Resolves a {@code --dataset} name to labeled image records: the MNIST files, a synthetic variant generated
 * from MNIST test (seeded, so every run sees the same images; backgrounds from the textures' test set, unseen
 * in training), an independent evaluation set ({@link IndependentSets}: made by code and from sources training never
 * uses), or {@code dir:PATH}, a folder of image files labeled by {@code PATH/labels.csv}.
 */
public final class Datasets {

    public static final String DIRECTORY_PREFIX = "dir:";
    /** A constant, for option descriptions; a test keeps it in step with {@link Variant#ids()} and {@link EvaluationSet}. */
    public static final String NAMES = "mnist-test, mnist-train, back-rand, back-image, rot, rot-back-image, notebook, form-field, "
            + "back-noise, back-photo, scan-page, "
            + EvaluationSet.INDEPENDENT_NAMES + ", dir:PATH";

    private Datasets() {
    }

    public static List<DigitImage> load(String name, MnistFetcher fetcher, int limit) throws IOException {
        if (name.startsWith(DIRECTORY_PREFIX)) {
            return folder(Path.of(name.substring(DIRECTORY_PREFIX.length())), limit);
        }
        if (IndependentSets.isIndependent(name)) {
            return independent(name, fetcher, limit, IndependentSets.DEFAULT_SEED);
        }
        if (!name.equals("mnist-test") && !name.equals("mnist-train")) {
            return synthetic(variant(name), MnistDataset.test(fetcher), limit, SyntheticDigits.DEFAULT_SEED);
        }
        LabeledImages images = name.equals("mnist-test") ? MnistDataset.test(fetcher) : MnistDataset.train(fetcher);
        images = head(images, limit);
        Instant now = Instant.now();
        List<DigitImage> records = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            records.add(DigitRecords.gray8(images, i, name, name, now, true));
        }
        return records;
    }

    private static Variant variant(String name) {
        try {
            return Variant.byId(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + NAMES);
        }
    }

    /** A variant generated from {@code source}; images are independent, so they are generated in parallel. */
    public static List<DigitImage> synthetic(Variant variant, LabeledImages source, int limit, long seed) throws IOException {
        SyntheticDigits generator = SyntheticDigits.of(variant, variant.needsTextures() ? Textures.fetch().testSet() : null);
        LabeledImages images = head(source, limit);
        Instant now = Instant.now();
        return IntStream.range(0, images.count()).parallel()
                .mapToObj(i -> DigitRecords.synthetic(generator.generate(images, i, seed),
                        String.format("%s-%05d", variant.id(), i), variant.id(), now, true))
                .toList();
    }

    /** An independent evaluation set; images are independent, so they are generated in parallel. */
    public static List<DigitImage> independent(String name, MnistFetcher fetcher, int limit, long seed)
            throws IOException {
        EvaluationImages images = IndependentSets.open(name, () -> MnistDataset.test(fetcher), seed);
        int count = limit > 0 ? Math.min(limit, images.count()) : images.count();
        Instant now = Instant.now();
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> DigitRecords.synthetic(images.image(i), String.format("%s-%05d", name, i), name, now, true))
                .toList();
    }

    /** The folder's images in file name order; a file that is not an image is an error, not silently skipped. */
    static List<DigitImage> folder(Path dir, int limit) throws IOException {
        ImageFolder folder = ImageFolder.scan(dir, FileLabels.of(dir, null, null));
        if (!folder.skipped().isEmpty()) {
            throw new IllegalArgumentException(dir + ": not images: " + folder.skipped());
        }
        List<ImageFile> files = limit > 0 && limit < folder.images().size() ? folder.images().subList(0, limit) : folder.images();
        String source = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        try {
            return files.stream().map(file -> {
                try {
                    return file.read(source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static LabeledImages head(LabeledImages images, int limit) {
        return limit > 0 && limit < images.count() ? images.head(limit) : images;
    }
}
