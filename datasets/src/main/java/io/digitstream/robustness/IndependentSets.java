package io.digitstream.robustness;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.SyntheticImage;
import java.io.IOException;
import java.util.function.IntFunction;

/**
 * Opens the {@link EvaluationSet.Family#INDEPENDENT} sets by name: MNIST test digits transformed by code training
 * does not use, real digits that are not MNIST, and the second generator's noisy and notebook images. Seeded: the
 * same name and seed always give the same bytes.
 */
public final class IndependentSets {
    /** The first generator uses 2007 (Larochelle et al.); this one the year of the UCI optdigits data. */
    public static final long DEFAULT_SEED = 1998;
    /** MNIST's side: the {@code -28} sets' crops are that size. */
    static final int MNIST_SIZE = 28;

    /** {@code fonts-handwriting}: 500 of each digit. */
    static final int FONT_DIGITS = 5000;

    /** MNIST test, loaded only by the sets made from it. */
    @FunctionalInterface
    public interface MnistTest {
        LabeledImages load() throws IOException;
    }

    private IndependentSets() {
    }

    public static boolean isIndependent(String name) {
        return EvaluationSet.byName(name).map(set -> set.family() == EvaluationSet.Family.INDEPENDENT).orElse(false);
    }

    /** @throws IllegalArgumentException if {@code name} is not an independent set */
    public static EvaluationImages open(String name, MnistTest mnist, long seed) throws IOException {
        if (!isIndependent(name)) {
            throw new IllegalArgumentException("not an independent evaluation set: '" + name + "'; known: "
                    + EvaluationSet.INDEPENDENT_NAMES);
        }
        boolean margin = name.endsWith("-margin");
        String base = margin ? name.substring(0, name.length() - "-margin".length()) : name;
        if (base.equals("sklearn-digits")) {
            SklearnDigits digits = SklearnDigits.fetch();
            return new InkScans(digits.count(), digits::label, i -> SklearnScan.of(digits.image(i)),
                    InkScans.Look.LIGHT_ON_DARK_GRAY8, margin);
        }
        if (base.equals("sklearn-digits-8")) { // the source's own pixels: a scanner of that resolution sends no more
            SklearnDigits digits = SklearnDigits.fetch();
            return new InkScans(digits.count(), digits::label, digits::image, InkScans.Look.LIGHT_ON_DARK_GRAY8, margin);
        }
        if (base.equals("fonts-handwriting")) {
            var fonts = HandwritingFonts.fetch();
            return new InkScans(FONT_DIGITS, i -> i % 10,
                    i -> FontDigit.draw(fonts, i % 10, ImageSeeds.forImage(seed, base, i)),
                    InkScans.Look.DARK_ON_WHITE_PNG, margin);
        }
        LabeledImages source = mnist.load();
        IntFunction<InkImage> digit = i -> new InkImage(source.width(), source.height(), source.image(i));
        return switch (base) {
            case "tight" -> scans(source, i -> TightCrop.of(digit.apply(i), ImageSeeds.forImage(seed, base, i)), margin);
            // the tight set's own draws, so that each field holds its tight twin
            case "boxed" -> scans(source, i -> BoxedField.of(TightCrop.of(digit.apply(i),
                    ImageSeeds.forImage(seed, "tight", i)), ImageSeeds.forImage(seed, base, i)), margin);
            case "stretched" -> scans(source,
                    i -> StretchedCrop.of(digit.apply(i), ImageSeeds.forImage(seed, base, i)), margin);
            case "binarized" -> scans(source,
                    i -> BinarizedScan.of(digit.apply(i), ImageSeeds.forImage(seed, base, i)), margin);
            // the binarized set's own draws, so that each image is its binarized twin defocused
            case "binarized-blur" -> scans(source,
                    i -> BinarizedScan.defocused(digit.apply(i), ImageSeeds.forImage(seed, "binarized", i)), margin);
            case "lowres16" -> scans(source, i -> LowResolutionScan.of(digit.apply(i)), margin);
            // MNIST's own size: a crop that is 28x28 must not be taken for a digit already normalized
            case "binarized-28" -> scans(source, i -> BinarizedScan.of(digit.apply(i),
                    ImageSeeds.forImage(seed, "binarized", i), MNIST_SIZE), margin);
            case "lowres16-28" -> scans(source, i -> LowResolutionScan.of(digit.apply(i), MNIST_SIZE), margin);
            // the tight and stretched sets' crops at 28 px, MNIST's size (the tight set's own draws)
            case "tight-28" -> scans(source,
                    i -> TightCrop.of(digit.apply(i), ImageSeeds.forImage(seed, "tight", i), MNIST_SIZE), margin);
            case "stretched-28" -> scans(source, i -> StretchedCrop.of(digit.apply(i), MNIST_SIZE), margin);
            case "notebook-b" -> generated(source,
                    i -> NotebookPhoto.of(digit.apply(i), source.label(i), ImageSeeds.forImage(seed, base, i)));
            case "back-rand-b" -> generated(source, i -> gray8(MaxComposite.over(digit.apply(i),
                    UniformNoise.draw(source.width() * source.height(), ImageSeeds.forImage(seed, base, i))),
                    source.label(i)));
            case "rot-b" -> generated(source, i -> gray8(BicubicRotation.rotate(digit.apply(i),
                    BicubicRotation.randomDegrees(ImageSeeds.forImage(seed, base, i))), source.label(i)));
            case "back-image-b", "rot-back-image-b" -> {
                PhotoPatches photographs = MatePhotographs.fetch();
                boolean rotate = base.startsWith("rot");
                yield generated(source, i -> {
                    var random = ImageSeeds.forImage(seed, base, i);
                    InkImage image = rotate
                            ? BicubicRotation.rotate(digit.apply(i), BicubicRotation.randomDegrees(random))
                            : digit.apply(i);
                    return gray8(MaxComposite.over(image, photographs.draw(source.width(), random)), source.label(i));
                });
            }
            default -> throw new IllegalStateException("no generator for " + name);
        };
    }

    private static EvaluationImages scans(LabeledImages source, IntFunction<InkImage> ink, boolean margin) {
        return new InkScans(source.count(), source::label, ink, InkScans.Look.DARK_ON_WHITE_PNG, margin);
    }

    private static EvaluationImages generated(LabeledImages source, IntFunction<SyntheticImage> images) {
        return new EvaluationImages() {
            @Override
            public int count() {
                return source.count();
            }

            @Override
            public SyntheticImage image(int index) {
                return images.apply(index);
            }
        };
    }

    private static SyntheticImage gray8(InkImage image, int label) {
        return new SyntheticImage(PixelEncoding.GRAY8, image.width(), image.height(), image.ink(), label);
    }
}
