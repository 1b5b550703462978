package io.digitstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDigitsTest {

    private static final LabeledImages MNIST = MnistFixture.test500();
    private static final long SEED = SyntheticDigits.DEFAULT_SEED;

    @Test
    void variantsAreKnownByTheirIds() {
        assertThat(Variant.ids()).isEqualTo("back-rand, back-image, rot, rot-back-image, notebook, form-field, back-noise, back-photo, scan-page");
        for (Variant variant : Variant.values()) {
            assertThat(Variant.byId(variant.id())).isSameAs(variant);
        }
        assertThatThrownBy(() -> Variant.byId("back-static"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("back-static").hasMessageContaining(Variant.ids());
        assertThat(Variant.ROT.rotates()).isTrue();
        assertThat(Variant.ROT_BACK_IMAGE.rotates()).isTrue();
        assertThat(Variant.BACK_IMAGE.rotates()).isFalse();
        assertThat(Variant.BACK_IMAGE.needsTextures()).isTrue();
        assertThat(Variant.NOTEBOOK.needsTextures()).isFalse();
        assertThat(Variant.BACK_PHOTO.needsTextures()).isTrue();
        assertThat(Variant.BACK_NOISE.needsTextures()).isFalse();
        assertThat(Variant.SCAN_PAGE.needsTextures()).isFalse();
    }

    @Test
    void textureVariantsRefuseToRunWithoutTextures() {
        assertThatThrownBy(() -> SyntheticDigits.of(Variant.BACK_IMAGE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("back-image");
        assertThatThrownBy(() -> SyntheticDigits.of(Variant.ROT_BACK_IMAGE, TestDigits.halfFlatTextures().testSet()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SyntheticDigits.of(Variant.ROT, null).variant()).isEqualTo(Variant.ROT);
    }

    @Test
    void theSameSeedAndIndexGiveTheSameBytesAndOthersDiffer() {
        for (Variant variant : Variant.values()) {
            SyntheticDigits first = SyntheticDigits.of(variant, TestDigits.halfFlatTextures());
            SyntheticDigits second = SyntheticDigits.of(variant, TestDigits.halfFlatTextures());
            for (int index : new int[] {0, 7, 499}) {
                SyntheticImage image = first.generate(MNIST, index, SEED);
                // Again, from another instance, after generating other images: nothing depends on order.
                second.generate(MNIST, index + 1 > 499 ? 0 : index + 1, SEED);
                SyntheticImage again = second.generate(MNIST, index, SEED);
                assertThat(again.bytes()).as("%s #%d", variant, index).isEqualTo(image.bytes());
                assertThat(again.label()).isEqualTo(MNIST.label(index));
                assertThat(first.generate(MNIST, index, SEED + 1).bytes()).as("other seed").isNotEqualTo(image.bytes());
            }
            // The same digit at another index gets other noise.
            assertThat(first.generate(MNIST, 3, SEED).bytes()).isNotEqualTo(first.generate(MNIST, 4, SEED).bytes());
        }
    }

    @Test
    void parallelGenerationGivesTheSameBytes() {
        SyntheticDigits notebook = SyntheticDigits.of(Variant.NOTEBOOK, null);
        List<byte[]> sequential = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            sequential.add(notebook.generate(MNIST, i, SEED).bytes());
        }
        List<byte[]> parallel = java.util.stream.IntStream.range(0, 16).parallel()
                .mapToObj(i -> notebook.generate(MNIST, i, SEED).bytes()).toList();
        for (int i = 0; i < 16; i++) {
            assertThat(parallel.get(i)).isEqualTo(sequential.get(i));
        }
    }

    @Test
    void backRandNoiseIsUniformOverAllLevelsAndTheInkStaysBright() {
        SyntheticDigits generator = SyntheticDigits.of(Variant.BACK_RAND, null);
        List<Double> background = new ArrayList<>();
        int[] histogram = new int[8];
        for (int i = 0; i < 100; i++) {
            SyntheticImage image = generator.generate(MNIST, i, SEED);
            assertThat(image.encoding()).isEqualTo(PixelEncoding.GRAY8);
            assertThat(image.width()).isEqualTo(28);
            byte[] digit = MNIST.image(i);
            for (int p = 0; p < digit.length; p++) {
                int d = digit[p] & 0xFF;
                int out = image.bytes()[p] & 0xFF;
                if (d == 0) {
                    background.add((double) out);
                    histogram[out / 32]++;
                } else {
                    assertThat(out).as("composited pixel is at least the digit's").isGreaterThanOrEqualTo(d);
                    if (d == 255) {
                        assertThat(out).isEqualTo(255);
                    }
                }
            }
        }
        double[] values = background.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(TestDigits.mean(values)).isBetween(125.0, 130.0);
        assertThat(TestDigits.std(values)).isBetween(72.0, 76.0);
        for (int count : histogram) {
            assertThat(count / (double) values.length).isBetween(0.115, 0.135);
        }
    }

    @Test
    void backImagePatchesAreNeverTextureFree() {
        Textures textures = TestDigits.halfFlatTextures();
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int flatBeforeFiltering = 0;
        for (int i = 0; i < 1000; i++) {
            Texture texture = textures.images().get(0);
            byte[] raw = texture.patch(random.nextInt(173), random.nextInt(173), 28, 28);
            flatBeforeFiltering += TextureBackground.std(raw) < TextureBackground.MIN_STD ? 1 : 0;
            assertThat(TextureBackground.std(TextureBackground.draw(textures, 28, 28, random)))
                    .isGreaterThanOrEqualTo(TextureBackground.MIN_STD);
        }
        assertThat(flatBeforeFiltering).as("the stand-in texture does offer flat patches").isGreaterThan(300);

        SyntheticDigits generator = SyntheticDigits.of(Variant.BACK_IMAGE, textures);
        for (int i = 0; i < 200; i++) {
            byte[] out = generator.generate(MNIST, i, SEED).bytes();
            byte[] digit = MNIST.image(i);
            List<Double> background = new ArrayList<>();
            for (int p = 0; p < digit.length; p++) {
                if (digit[p] == 0) {
                    background.add((double) (out[p] & 0xFF));
                }
                if ((digit[p] & 0xFF) == 255) {
                    assertThat(out[p] & 0xFF).isEqualTo(255);
                }
            }
            assertThat(TestDigits.std(background.stream().mapToDouble(Double::doubleValue).toArray()))
                    .as("background of image %d", i).isGreaterThan(5);
        }
    }

    @Test
    void rotationBy90DegreesMovesEveryPixelExactlyCounterClockwise() {
        byte[] pattern = new byte[28 * 28];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int p = 0; p < pattern.length; p++) {
            pattern[p] = (byte) random.nextInt(256);
        }
        byte[] rotated = Rotation.rotate(pattern, 28, 28, 90);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                // Counter-clockwise on screen: the right edge comes to the top.
                assertThat(rotated[y * 28 + x]).as("(%d, %d)", x, y).isEqualTo(pattern[x * 28 + (27 - y)]);
            }
        }
    }

    @Test
    void rotRotatesAnOffCentreBlobByTheDrawnAngleAboutTheCentre(@TempDir Path dir) {
        byte[] blob = new byte[28 * 28];
        for (int y = 13; y <= 14; y++) {
            for (int x = 20; x <= 21; x++) {
                blob[y * 28 + x] = (byte) 255; // centroid (20.5, 13.5): 7 pixels right of the centre
            }
        }
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            images.add(blob);
        }
        LabeledImages source = TestDigits.images(dir, images, 4);
        SyntheticDigits generator = SyntheticDigits.of(Variant.ROT, null);
        boolean[] quadrants = new boolean[4];
        for (int i = 0; i < 40; i++) {
            byte[] out = generator.generate(source, i, SEED).bytes();
            double sum = 0;
            double sx = 0;
            double sy = 0;
            for (int p = 0; p < out.length; p++) {
                double v = out[p] & 0xFF;
                sum += v;
                sx += v * (p % 28);
                sy += v * (p / 28);
            }
            double degrees = SyntheticDigits.rotationDegrees(i, SEED);
            assertThat(degrees).isBetween(0.0, 360.0);
            quadrants[(int) (degrees / 90)] = true;
            double radians = Math.toRadians(degrees);
            assertThat(sx / sum).as("x of image %d at %.1f degrees", i, degrees)
                    .isCloseTo(13.5 + 7 * Math.cos(radians), org.assertj.core.data.Offset.offset(0.5));
            assertThat(sy / sum).as("y of image %d at %.1f degrees", i, degrees)
                    .isCloseTo(13.5 - 7 * Math.sin(radians), org.assertj.core.data.Offset.offset(0.5));
        }
        assertThat(quadrants).containsOnly(true);
    }

    @Test
    void rotBackImageIsTheRotatedDigitOverATexture() {
        SyntheticDigits generator = SyntheticDigits.of(Variant.ROT_BACK_IMAGE, TestDigits.halfFlatTextures());
        for (int i = 0; i < 50; i++) {
            byte[] rotated = Rotation.rotate(MNIST.image(i), 28, 28, SyntheticDigits.rotationDegrees(i, SEED));
            byte[] out = generator.generate(MNIST, i, SEED).bytes();
            List<Double> background = new ArrayList<>();
            for (int p = 0; p < out.length; p++) {
                assertThat(out[p] & 0xFF).isGreaterThanOrEqualTo(rotated[p] & 0xFF);
                if (rotated[p] == 0) {
                    background.add((double) (out[p] & 0xFF));
                }
            }
            assertThat(TestDigits.std(background.stream().mapToDouble(Double::doubleValue).toArray())).isGreaterThan(5);
        }
    }

    @Test
    void digitRecordsCarryTheGeneratedImage() {
        SyntheticImage image = SyntheticDigits.of(Variant.NOTEBOOK, null).generate(MNIST, 42, SEED);
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        DigitImage record = DigitRecords.synthetic(image, "notebook-00042", "notebook", now, true);
        assertThat(record.getId()).isEqualTo("notebook-00042");
        assertThat(record.getSource()).isEqualTo("notebook");
        assertThat(record.getCaptureTime()).isEqualTo(now);
        assertThat(record.getEncoding()).isEqualTo(image.encoding());
        assertThat(record.getWidth()).isEqualTo(image.width());
        assertThat(record.getHeight()).isEqualTo(image.height());
        assertThat(record.getPixels().array()).isEqualTo(image.bytes());
        assertThat(record.getLabel()).isEqualTo(MNIST.label(42));
        assertThat(DigitRecords.synthetic(image, "x", "y", now, false).getLabel()).isNull();
    }
}
