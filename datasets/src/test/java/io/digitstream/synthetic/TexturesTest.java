package io.digitstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TexturesTest {

    /**
     * Really runs apt-get download (or uses the installed python3-skimage): about 21 MB; the training-only photographs
     * come from their default cache (about 121 MB of packages on the first run, offline after).
     */
    @Test
    void fetchesThePinnedPhotographsSplitsThemAndFetchesATamperedOneAgain(@TempDir Path cache) throws IOException {
        AtomicInteger fetches = new AtomicInteger();
        TextureSource debian = counting(new SkimagePackage(), fetches);

        Textures textures = Textures.fetch(cache, debian, TrainingPhotographs.fromDebian());

        assertThat(fetches).hasValue(1);
        assertThat(textures.count()).isEqualTo(12);
        assertThat(textures.describe()).startsWith("12 scikit-image photographs (python3-skimage 0.19.3-8): ")
                .contains("; and 25 training-only photographs (Debian packages lomiri-wallpapers-16.04 20.04.0-2,"
                        + " lomiri-wallpapers-20.04 20.04.0-2, plasma-workspace-wallpapers 4:5.27.5-2): ")
                .endsWith(", Path, summer_1am");
        Textures training = textures.trainingSet();
        Textures test = textures.testSet();
        assertThat(training.count()).isEqualTo(8 + 25);
        assertThat(training.names()).containsAll(TrainingPhotographs.names())
                .contains("astronaut", "brick", "chelsea", "clock_motion", "coins", "grass", "hubble_deep_field", "retina");
        assertThat(training.describe()).startsWith("33 photographs (8 scikit-image photographs (python3-skimage"
                + " 0.19.3-8); 25 training-only, Debian packages lomiri-wallpapers-16.04 20.04.0-2,");
        // The evaluation sets generated from the test set keep exactly today's backgrounds.
        assertThat(test.count()).isEqualTo(4);
        assertThat(test.names()).containsExactly("camera", "coffee", "gravel", "rocket");
        assertThat(test.describe()).doesNotContain("training-only", "lomiri", "plasma");
        Set<String> overlap = new HashSet<>(training.names());
        overlap.retainAll(test.names());
        assertThat(overlap).isEmpty();
        SplittableRandom random = new SplittableRandom(5);
        List<Texture> all = new ArrayList<>(textures.images());
        all.addAll(training.images());
        for (Texture texture : all) {
            assertThat(texture.width()).isGreaterThanOrEqualTo(28);
            assertThat(texture.height()).isGreaterThanOrEqualTo(28);
            // Each photograph offers textured patches, and in no image is everything one level.
            assertThat(TextureBackground.std(texture.gray())).as(texture.name()).isGreaterThan(TextureBackground.MIN_STD);
            assertThat(TextureBackground.std(TextureBackground.draw(Textures.of(List.of(texture), "one"),
                    28, 28, random))).as(texture.name()).isGreaterThanOrEqualTo(TextureBackground.MIN_STD);
        }

        // Cached and valid: no second fetch.
        Textures.fetch(cache, debian, TrainingPhotographs.fromDebian());
        assertThat(fetches).hasValue(1);

        // A damaged copy is not used: it is fetched again and replaced by the pinned content.
        Path camera = cache.resolve("camera.png");
        byte[] original = Files.readAllBytes(camera);
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 1;
        Files.write(camera, tampered);
        Textures again = Textures.fetch(cache, debian, TrainingPhotographs.fromDebian());
        assertThat(fetches).hasValue(2);
        assertThat(Files.readAllBytes(camera)).isEqualTo(original);
        assertThat(again.testSet().images().get(0).gray()).isEqualTo(test.images().get(0).gray());
    }

    @Test
    void filesWithoutThePinnedChecksumAreRefused(@TempDir Path cache, @TempDir Path served) throws IOException {
        for (SkimagePhotographs.Pinned pinned : SkimagePhotographs.ALL) {
            writePng(served.resolve(pinned.file()), 40, 40, 9);
        }
        TextureSource impostor = new TextureSource() {
            @Override
            public String description() {
                return "an impostor";
            }

            @Override
            public Path fetch(Path workDir) {
                return served;
            }
        };

        assertThatThrownBy(() -> Textures.fetch(cache, impostor, TrainingPhotographs.fromDebian()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("SHA-256 mismatch for astronaut.png from an impostor");
        try (var files = Files.list(cache)) {
            assertThat(files).as("nothing unverified takes a pinned name").isEmpty();
        }
    }

    @Test
    void aFolderOfOwnImagesIsUsedAsItIsWithAThirdForTesting(@TempDir Path folder) throws IOException {
        for (String name : new String[] {"a.png", "b.png", "c.jpg", "d.png", "e.png", "f.png"}) {
            writePng(folder.resolve(name), 60, 50, name.charAt(0));
        }
        Files.writeString(folder.resolve("notes.txt"), "not an image");

        Textures textures = Textures.fromFolder(folder);

        assertThat(textures.count()).isEqualTo(6);
        assertThat(textures.testSet().names()).containsExactly("c", "f");
        assertThat(textures.trainingSet().names()).containsExactly("a", "b", "d", "e");
        assertThat(textures.describe()).startsWith("6 images from " + folder).doesNotContain("training-only");
        assertThat(textures.trainingSet().describe()).doesNotContain("training-only");
        assertThatThrownBy(() -> Textures.fromFolder(folder.resolve("notes.txt").getParent().resolve("missing")))
                .isInstanceOf(IOException.class);
    }

    /** Noise PNG (JPEG content is not needed: the reader goes by the file's bytes). */
    private static void writePng(Path file, int width, int height, long seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static TextureSource counting(TextureSource source, AtomicInteger fetches) {
        return new TextureSource() {
            @Override
            public String description() {
                return source.description();
            }

            @Override
            public Path fetch(Path workDir) throws IOException {
                fetches.incrementAndGet();
                return source.fetch(workDir);
            }
        };
    }
}
