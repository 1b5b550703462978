package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Images far longer than they are wide reach the stage too (a tight crop of a {@code 1}, a strip): every step reads
 * rows in from the frame, and none may read past the other side. Before, a 7x96 field threw an index error and was
 * dead-lettered as "normalization failed".
 */
class ThinImagesTest {

    /** {@code width} x {@code height} white paper with a dark stroke 3 px wide down the middle. */
    private static GrayImage tallStroke(int width, int height) {
        float[] pixels = new float[width * height];
        java.util.Arrays.fill(pixels, 255f);
        int from = (width - 3) / 2;
        for (int y = 0; y < height; y++) {
            for (int x = from; x < from + 3; x++) {
                pixels[y * width + x] = 0f;
            }
        }
        return new GrayImage(width, height, pixels);
    }

    /** A strip {@code height} px tall and 186 px long of dark and light 2-px squares. */
    private static GrayImage checkeredStrip(int height) {
        int width = 186;
        float[] pixels = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (x / 2 + y / 2) % 2 == 0 ? 0f : 255f;
            }
        }
        return new GrayImage(width, height, pixels);
    }

    private static float inkOf(float[] input) {
        float ink = 0;
        for (float v : input) {
            ink += v;
        }
        return ink;
    }

    @Test
    void aStrokeInAFieldAsNarrowAsTheFieldBoxesPaperLimitIsNormalized() throws Exception {
        // FieldBox allows paper up to a tenth of the longer side outside a box: 9 px of 96
        for (int width : new int[] {8, 9, 10}) {
            GrayImage field = tallStroke(width, 96);
            assertThat(FieldBox.erase(field)).as("width %d", width).isSameAs(field);
            assertThat(inkOf(ImagePipeline.normalize(field))).as("width %d", width).isGreaterThan(10f);
        }
    }

    @Test
    void stripsAsThinAsTheRowsReadInFromTurnedCornersAreNormalized() throws Exception {
        // TurnedCorners reads from 2 px in at each corner: strips of 4 px and less have none to judge
        for (int height = 1; height <= 2 * TurnedCorners.RUN_DEPTH + 1; height++) {
            GrayImage strip = checkeredStrip(height);
            if (height <= 2 * TurnedCorners.RUN_DEPTH) {
                assertThat(TurnedCorners.erase(strip)).as("height %d", height).isSameAs(strip);
            }
            assertThat(inkOf(ImagePipeline.normalize(strip))).as("height %d", height).isGreaterThan(0f);
        }
    }

    @Test
    void imagesOfAnyShapeAreNormalizedOrRejectedAsBlankNeverCrash() {
        java.util.Random random = new java.util.Random(20261207);
        int normalized = 0;
        for (int k = 0; k < 3000; k++) {
            int width = 1 + random.nextInt(random.nextBoolean() ? 12 : 160);
            int height = 1 + random.nextInt(random.nextBoolean() ? 12 : 160);
            float paper = random.nextBoolean() ? 255f : random.nextInt(256);
            float ink = random.nextBoolean() ? 0f : random.nextInt(256);
            int pattern = random.nextInt(4);
            float[] pixels = new float[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean isInk = switch (pattern) {
                        case 0 -> random.nextInt(4) == 0;
                        case 1 -> x >= width / 3 && x < 2 * width / 3;
                        case 2 -> x == 0 || y == 0 || x == width - 1 || y == height - 1 || x == width / 2;
                        default -> (x / 2 + y / 2) % 2 == 0;
                    };
                    pixels[y * width + x] = isInk ? ink : paper;
                }
            }
            try {
                ImagePipeline.normalize(new GrayImage(width, height, pixels));
                normalized++;
            } catch (RejectedImageException e) {
                assertThat(e.getMessage()).as("%dx%d, pattern %d", width, height, pattern).contains("blank");
            }
        }
        assertThat(normalized).isGreaterThan(2500);
    }
}
