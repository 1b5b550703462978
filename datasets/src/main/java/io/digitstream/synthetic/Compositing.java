package io.digitstream.synthetic;

/**
 * Puts a light-on-dark digit over a background the way Larochelle et al. describe: {@code out = d + (1 - d/255) * b}.
 * Full ink stays full ink, where there is no ink the background shows unchanged, and anti-aliased edges blend.
 */
final class Compositing {

    private Compositing() {
    }

    static byte[] over(byte[] digit, byte[] background) {
        if (digit.length != background.length) {
            throw new IllegalArgumentException(digit.length + " digit pixels but " + background.length + " background pixels");
        }
        byte[] out = new byte[digit.length];
        for (int i = 0; i < digit.length; i++) {
            int d = digit[i] & 0xFF;
            int b = background[i] & 0xFF;
            out[i] = (byte) Math.min(255, Math.round(d + (1 - d / 255.0) * b));
        }
        return out;
    }
}
