package io.digitstream.synthetic;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.PixelEncoding;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates noisy versions of MNIST-style digits (light ink on dark, GRAY8) for one {@link Variant}: the
 * back-rand, back-image, rot and rot-back-image variants of Larochelle et al. (2007) as 28x28 GRAY8 (the source's
 * size), and notebook pages as color PNG/JPEG files of 48..128 pixels.
 *
 * <p>Each image comes from its own random stream, derived from the seed and the image's index alone, so images can
 * be generated in any order or in parallel, and regenerated identically. Instances are immutable and thread-safe.
 */
public final class SyntheticDigits {
    /** The year of Larochelle et al.'s benchmark. */
    public static final long DEFAULT_SEED = 2007;

    private final Variant variant;
    private final Textures textures;

    private SyntheticDigits(Variant variant, Textures textures) {
        this.variant = variant;
        this.textures = textures;
    }

    /**
     * @param texturesOrNull the backgrounds ({@link Textures#trainingSet()} for training data,
     *        {@link Textures#testSet()} for evaluation data); required iff {@link Variant#needsTextures()}, else ignored
     */
    public static SyntheticDigits of(Variant variant, Textures texturesOrNull) {
        Objects.requireNonNull(variant, "variant");
        if (variant.needsTextures()) {
            if (texturesOrNull == null) {
                throw new IllegalArgumentException("variant " + variant.id() + " needs background textures");
            }
            if (texturesOrNull.count() == 0) {
                throw new IllegalArgumentException("variant " + variant.id() + " needs at least one texture image");
            }
        }
        return new SyntheticDigits(variant, variant.needsTextures() ? texturesOrNull : null);
    }

    public Variant variant() {
        return variant;
    }

    /** Deterministic per (source image, index, seed): the same call always returns the same bytes. */
    public SyntheticImage generate(LabeledImages source, int index, long seed) {
        byte[] digit = source.image(index);
        int width = source.width();
        int height = source.height();
        int label = source.label(index);
        SplittableRandom random = Seeds.forImage(seed, index);
        return switch (variant) {
            case BACK_RAND -> gray8(Compositing.over(digit, RandomBackground.draw(digit.length, random)), source, label);
            case BACK_IMAGE -> gray8(Compositing.over(digit, TextureBackground.draw(textures, width, height, random)),
                    source, label);
            case ROT -> gray8(Rotation.rotate(digit, width, height, Rotation.randomDegrees(random)), source, label);
            case ROT_BACK_IMAGE -> {
                byte[] rotated = Rotation.rotate(digit, width, height, Rotation.randomDegrees(random));
                yield gray8(Compositing.over(rotated, TextureBackground.draw(textures, width, height, random)),
                        source, label);
            }
            case NOTEBOOK -> {
                NotebookPage page = NotebookPage.draw(digit, width, height, random);
                byte[] rgb = page.render(digit, width, height, random);
                byte[] file = page.scan().format().encode(rgb, page.width(), page.height(), page.scan().quality());
                yield new SyntheticImage(page.scan().format().encoding(), page.width(), page.height(), file, label);
            }
            case BACK_NOISE -> {
                byte[] noise = NoiseModel.draw(random).draw(width, height, random);
                yield gray8(InkMixing.draw(random).mix(digit, noise, Seeds.uniform(random, 200, 255)), source, label);
            }
            case BACK_PHOTO -> {
                byte[] photo = PhotoBackground.draw(textures, width, height, random);
                yield gray8(InkMixing.draw(random).mix(digit, photo, Seeds.uniform(random, 200, 255)), source, label);
            }
            case SCAN_PAGE -> {
                ScanPage page = ScanPage.draw(digit, width, height, random);
                byte[] rgb = page.render(digit, width, height, random);
                byte[] file = page.capture().format().encode(rgb, page.width(), page.height(), page.capture().quality());
                yield new SyntheticImage(page.capture().format().encoding(), page.width(), page.height(), file, label);
            }
            case FORM_FIELD -> {
                FormField.SyntheticImageData field = FormField.draw(digit, width, height, random);
                yield new SyntheticImage(PixelEncoding.GRAY8, field.width(), field.height(), field.pixels(), label);
            }
        };
    }

    /** The angle {@link #generate} rotates image {@code index} by (rot variants), for tests. */
    static double rotationDegrees(int index, long seed) {
        return Rotation.randomDegrees(Seeds.forImage(seed, index));
    }

    /** The page {@link #generate} renders for image {@code index} (notebook), for tests. */
    static NotebookPage notebookPage(LabeledImages source, int index, long seed) {
        return NotebookPage.draw(source.image(index), source.width(), source.height(), Seeds.forImage(seed, index));
    }

    /** The page {@link #generate} renders for image {@code index} (scan-page), for tests. */
    static ScanPage scanPage(LabeledImages source, int index, long seed) {
        return ScanPage.draw(source.image(index), source.width(), source.height(), Seeds.forImage(seed, index));
    }

    private static SyntheticImage gray8(byte[] pixels, LabeledImages source, int label) {
        return new SyntheticImage(PixelEncoding.GRAY8, source.width(), source.height(), pixels, label);
    }

    @Override
    public String toString() {
        return "SyntheticDigits[" + variant.id() + (textures == null ? "" : ", " + textures.describe()) + "]";
    }
}
