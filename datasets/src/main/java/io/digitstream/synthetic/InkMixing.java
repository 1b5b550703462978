package io.digitstream.synthetic;

import java.util.SplittableRandom;

/**
 * Ways of laying a light-on-dark digit over a background, for the training families that vary them
 * ({@code back-noise}, {@code back-photo}): full ink stays (nearly) full ink under every rule, but the digit's
 * anti-aliased edges and faint strokes meet the background differently, so a model trained on one rule alone learns
 * that rule's edges.
 */
enum InkMixing {
    /** Larochelle et al.'s {@code d + (1 - d/255) b}, as {@link Compositing#over}. */
    OVER,
    /** The brighter of ink and background. */
    MAX,
    /** Ink added to the background, clipped at 255: faint strokes brighten what lies under them. */
    ADD,
    /** Ink of a level below white ({@code inkLevel}) laid over the background with the ink's coverage as opacity. */
    ALPHA;

    static InkMixing draw(SplittableRandom random) {
        return values()[random.nextInt(values().length)];
    }

    /**
     * @param inkLevel the gray level of full ink under {@link #ALPHA} (ignored by the other rules)
     */
    byte[] mix(byte[] digit, byte[] background, double inkLevel) {
        if (digit.length != background.length) {
            throw new IllegalArgumentException(digit.length + " digit pixels but " + background.length + " background pixels");
        }
        if (this == OVER) {
            return Compositing.over(digit, background);
        }
        byte[] out = new byte[digit.length];
        for (int i = 0; i < digit.length; i++) {
            int d = digit[i] & 0xFF;
            int b = background[i] & 0xFF;
            double value = switch (this) {
                case MAX -> Math.max(d, b);
                case ADD -> d + b;
                case ALPHA -> d / 255.0 * inkLevel + (1 - d / 255.0) * b;
                case OVER -> throw new AssertionError();
            };
            out[i] = (byte) Math.min(255, Math.round(value));
        }
        return out;
    }
}
