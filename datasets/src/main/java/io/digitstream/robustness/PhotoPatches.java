package io.digitstream.robustness;

import io.digitstream.synthetic.Texture;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code back-image-b}'s background: a square of a photograph, at a random place and a random zoom (1 to 6 photo
 * pixels per output pixel, area-averaged: wallpapers are large and smooth at full size), as 8-bit gray. Patches
 * with a standard deviation under {@link #MIN_STD} gray levels are drawn again (Larochelle et al. skip low-variance
 * patches too); after {@link #TRIES} tries the most textured one is taken.
 */
final class PhotoPatches {
    static final double MIN_STD = 24;
    static final int TRIES = 50;
    static final double MAX_ZOOM = 6;

    private final List<Texture> photographs;
    private final String origin;

    PhotoPatches(List<Texture> photographs, String origin) {
        if (photographs.isEmpty()) {
            throw new IllegalArgumentException("no photographs");
        }
        this.photographs = List.copyOf(photographs);
        this.origin = origin;
    }

    String origin() {
        return origin;
    }

    int count() {
        return photographs.size();
    }

    byte[] draw(int size, SplittableRandom random) {
        byte[] best = null;
        double bestStd = -1;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Texture photo = photographs.get(random.nextInt(photographs.size()));
            double zoom = ImageSeeds.uniform(random, 1, MAX_ZOOM);
            int region = Math.min(Math.min(photo.width(), photo.height()), (int) Math.ceil(size * zoom));
            byte[] pixels = photo.patch(random.nextInt(photo.width() - region + 1),
                    random.nextInt(photo.height() - region + 1), region, region);
            byte[] patch = Resampling.areaAverage(new InkImage(region, region, pixels), size, size).ink();
            double std = std(patch);
            if (std >= MIN_STD) {
                return patch;
            }
            if (std > bestStd) {
                best = patch;
                bestStd = std;
            }
        }
        return best;
    }

    static double std(byte[] pixels) {
        double mean = 0;
        for (byte b : pixels) {
            mean += b & 0xFF;
        }
        mean /= pixels.length;
        double variance = 0;
        for (byte b : pixels) {
            double d = (b & 0xFF) - mean;
            variance += d * d;
        }
        return Math.sqrt(variance / pixels.length);
    }
}
