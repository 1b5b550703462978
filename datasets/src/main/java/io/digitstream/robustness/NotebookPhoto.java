package io.digitstream.robustness;

import io.digitstream.synthetic.GaussianBlur;
import io.digitstream.synthetic.ImageEncoding;
import io.digitstream.synthetic.SyntheticImage;
import java.util.SplittableRandom;

/**
 * {@code notebook-b}: the second, independently written notebook generator. A digit written with a {@link Pen} on a
 * {@link NotebookSheet}, placed by {@link DigitPlacement}, lit by {@link Lighting}, defocused (gaussian sigma
 * 0.3..1.4), with sensor noise (sigma 1..7 per channel), saved as JPEG quality 30..90 (70%) or PNG; 56..112 pixels a
 * side, not necessarily square.
 */
final class NotebookPhoto {
    static final int MIN_SIZE = 56;
    static final int MAX_SIZE = 112;

    private NotebookPhoto() {
    }

    static SyntheticImage of(InkImage digit, int label, SplittableRandom random) {
        int width = MIN_SIZE + random.nextInt(MAX_SIZE - MIN_SIZE + 1);
        int height = Math.max(MIN_SIZE, Math.min(MAX_SIZE,
                (int) Math.round(width * ImageSeeds.uniform(random, 0.8, 1.25))));
        RgbImage page = NotebookSheet.draw(width, height, random);
        Pen.random(random).write(page, DigitPlacement.render(digit, width, height, random), random);
        Lighting.apply(page, random);
        double sigma = ImageSeeds.uniform(random, 0.3, 1.4);
        double noise = ImageSeeds.uniform(random, 1, 7);
        for (int c = 0; c < 3; c++) {
            double[] channel = GaussianBlur.blur(page.channels[c], width, height, sigma);
            for (int i = 0; i < channel.length; i++) {
                channel[i] += noise * ImageSeeds.gaussian(random);
            }
            page.channels[c] = channel;
        }
        ImageEncoding format = random.nextDouble() < 0.7 ? ImageEncoding.JPEG : ImageEncoding.PNG;
        int quality = 30 + random.nextInt(61);
        byte[] file = format.encode(page.toBytes(), width, height, quality);
        return new SyntheticImage(format.encoding(), width, height, file, label);
    }
}
