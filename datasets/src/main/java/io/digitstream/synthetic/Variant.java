package io.digitstream.synthetic;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The noisy-digit variants {@link SyntheticDigits} generates: four of the MNIST variations benchmarked by Larochelle
 * et al. (2007, "An empirical evaluation of deep architectures on problems with many factors of variation"), and a
 * scanned notebook page, which is how digits really reach the service, and a tightly cropped form field.
 */
public enum Variant {
    /** Uniform random noise behind the digit. */
    BACK_RAND("back-rand"),
    /** A patch of a natural black-and-white photograph behind the digit. */
    BACK_IMAGE("back-image"),
    /** The digit rotated by an angle uniform in [0, 360). */
    ROT("rot"),
    /** Rotated, then a photograph patch behind it. */
    ROT_BACK_IMAGE("rot-back-image"),
    /** Dark ink on (ruled, squared) paper, blurred, unevenly lit, noisy, PNG or JPEG in color. */
    NOTEBOOK("notebook"),
    /**
     * A form field cropped tight to the digit: strokes touching the frame, aspect jittered or stretched to fill,
     * bolder or thinner strokes, binarized or low-resolution scans, either polarity (a training family).
     */
    FORM_FIELD("form-field"),
    /** A training family: noise of several distributions and strengths behind the digit, mixed by several rules. */
    BACK_NOISE("back-noise"),
    /** A training family: photograph patches seen near or far, re-toned, behind the digit, mixed by several rules. */
    BACK_PHOTO("back-photo"),
    /**
     * A training family: pages broader than {@code notebook}: coloured and dark paper, many rulings, pencil, shadows,
     * crumple shading, perspective, JPEG down to quality 30.
     */
    SCAN_PAGE("scan-page");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    /** The name used on the command line and as the records' id prefix and default source. */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the known ids when {@code id} is none of them */
    public static Variant byId(String id) {
        for (Variant variant : values()) {
            if (variant.id.equals(id)) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "'; known variants: " + ids());
    }

    /** {@code back-rand, back-image, rot, rot-back-image, notebook, form-field, back-noise, back-photo, scan-page} */
    public static String ids() {
        return Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", "));
    }

    public boolean rotates() {
        return this == ROT || this == ROT_BACK_IMAGE;
    }

    /** Whether {@link SyntheticDigits#of} needs {@link Textures} for this variant. */
    public boolean needsTextures() {
        return this == BACK_IMAGE || this == ROT_BACK_IMAGE || this == BACK_PHOTO;
    }

    @Override
    public String toString() {
        return id;
    }
}
