package io.digitstream.robustness;

/**
 * The second generator's way to put a light-on-dark digit over a background: the brighter of the two per pixel
 * ({@code max(d, b)}), as the published back-rand/back-image images look, where a bright background can swallow
 * a stroke (the first generator blends, {@code d + (1 - d/255) b}).
 */
final class MaxComposite {

    private MaxComposite() {
    }

    static InkImage over(InkImage digit, byte[] background) {
        if (background.length != digit.ink().length) {
            throw new IllegalArgumentException(digit.ink().length + " digit pixels but " + background.length
                    + " background pixels");
        }
        byte[] out = new byte[background.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.max(digit.ink()[i] & 0xFF, background[i] & 0xFF);
        }
        return new InkImage(digit.width(), digit.height(), out);
    }
}
