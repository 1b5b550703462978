package io.digitstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.debian.PinnedFiles;
import io.digitstream.debian.PinnedFiles.Pinned;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPhotographsTest {

    @Test
    void thePinnedFilesHaveUniqueNamesAndWellFormedDigestsAndAreNotScikitImages() {
        List<Pinned> files = TrainingPhotographs.files();

        assertThat(files).hasSize(25);
        assertThat(files).allSatisfy(pinned -> {
            assertThat(pinned.sha256()).as(pinned.path()).matches("[0-9a-f]{64}");
            assertThat(pinned.fileName()).as(pinned.path()).endsWith(".jpg").doesNotContain("/");
        });
        assertThat(files.stream().map(Pinned::fileName).distinct()).hasSize(25);
        assertThat(files.stream().map(Pinned::sha256).distinct()).hasSize(25);
        assertThat(TrainingPhotographs.names()).doesNotHaveDuplicates().hasSize(25);
        for (SkimagePhotographs.Pinned skimage : SkimagePhotographs.ALL) {
            assertThat(files).noneMatch(pinned -> pinned.sha256().equals(skimage.sha256())
                    || pinned.fileName().equals(skimage.file()));
        }
        assertThat(TrainingPhotographs.description()).isEqualTo("25 training-only photographs (Debian packages"
                + " lomiri-wallpapers-16.04 20.04.0-2, lomiri-wallpapers-20.04 20.04.0-2,"
                + " plasma-workspace-wallpapers 4:5.27.5-2)");
    }

    /**
     * Really runs apt-get download (about 121 MB) into the default cache the first time; offline after, as
     * {@code bin/digits train} uses it.
     */
    @Test
    void loadsThePhotographsShrunkAndTextured() throws IOException {
        List<Texture> photographs = TrainingPhotographs.fromDebian().load();

        assertThat(photographs).extracting(Texture::name).containsExactlyElementsOf(TrainingPhotographs.names());
        SplittableRandom random = new SplittableRandom(17);
        for (Texture photograph : photographs) {
            assertThat(Math.max(photograph.width(), photograph.height())).as(photograph.name())
                    .isBetween(TrainingPhotographs.MAX_SIDE / 2, TrainingPhotographs.MAX_SIDE);
            assertThat(photograph.test()).isFalse();
            int textured = 0;
            for (int i = 0; i < 100; i++) {
                byte[] patch = photograph.patch(random.nextInt(photograph.width() - 28 + 1),
                        random.nextInt(photograph.height() - 28 + 1), 28, 28);
                textured += TextureBackground.std(patch) >= TextureBackground.MIN_STD ? 1 : 0;
            }
            assertThat(textured).as(photograph.name() + ": textured patches of 100").isGreaterThanOrEqualTo(5);
        }
    }

    /** Offline once the default cache is filled: the source serves copies of the cached, verified files. */
    @Test
    void aDamagedCachedPhotographIsFetchedAgainAndAnImpostorIsRefused(@TempDir Path cache, @TempDir Path served)
            throws IOException {
        for (TrainingPhotographs.Group group : TrainingPhotographs.GROUPS) {
            new PinnedFiles(group.debianPackage().directory(group.directory()), group.files())
                    .fetch(TrainingPhotographs.defaultCacheDir());
            for (Pinned pinned : group.files()) {
                Path copy = served.resolve(group.debianPackage().name()).resolve(pinned.path());
                Files.createDirectories(copy.getParent());
                Files.copy(TrainingPhotographs.defaultCacheDir().resolve(pinned.fileName()), copy);
            }
        }
        AtomicInteger fetches = new AtomicInteger();
        TrainingPhotographs photographs = new TrainingPhotographs(cache, group -> folder(group, served, fetches));

        List<Texture> first = photographs.load();
        assertThat(fetches).as("one fetch per package").hasValue(3);
        photographs.load();
        assertThat(fetches).as("cached and valid: no fetch").hasValue(3);

        Path cups = cache.resolve("ColorfulCups.jpg");
        byte[] original = Files.readAllBytes(cups);
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(cups, damaged);
        List<Texture> again = photographs.load();
        assertThat(fetches).as("only the damaged file's package again").hasValue(4);
        assertThat(cups).hasBinaryContent(original);
        assertThat(again.get(17).name()).isEqualTo("ColorfulCups");
        assertThat(again.get(17).gray()).isEqualTo(first.get(17).gray());

        // A source serving other content for a missing file: refused, and nothing takes the pinned name.
        Files.delete(cups);
        Path servedCups = served.resolve("plasma-workspace-wallpapers/ColorfulCups/contents/images/2560x1600.jpg");
        writeNoise(servedCups);
        assertThatThrownBy(photographs::load)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("SHA-256 mismatch for ColorfulCups.jpg from plasma-workspace-wallpapers copy");
        assertThat(cups).doesNotExist();
    }

    @Test
    void loadingShrinksByTheSmallestWholeFactorThatFitsTheBound(@TempDir Path dir) throws IOException {
        // The bound 60: a longer side of 59 or 60 stays, 61 halves (block means, the odd column dropped).
        assertThat(loaded(dir, 59, 40, 60)).extracting(Texture::width, Texture::height).containsExactly(59, 40);
        assertThat(loaded(dir, 60, 40, 60)).extracting(Texture::width, Texture::height).containsExactly(60, 40);
        assertThat(loaded(dir, 61, 40, 60)).extracting(Texture::width, Texture::height).containsExactly(30, 20);
        assertThat(loaded(dir, 40, 181, 60)).extracting(Texture::width, Texture::height).containsExactly(10, 45);

        Texture full = Texture.load("noise", writeNoise(dir.resolve("noise.png"), 61, 40), false);
        Texture half = Texture.load("noise", dir.resolve("noise.png"), false, 60);
        int sum = 0;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                sum += full.gray()[(2 * 7 + dy) * 61 + 2 * 11 + dx] & 0xFF;
            }
        }
        assertThat(half.gray()[7 * 30 + 11] & 0xFF).isEqualTo((sum + 2) / 4);
        assertThatThrownBy(() -> Texture.load("noise", dir.resolve("noise.png"), false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Texture loaded(Path dir, int width, int height, int maxSide) throws IOException {
        Path file = writeNoise(dir.resolve(width + "x" + height + ".png"), width, height);
        return Texture.load("noise", file, false, maxSide);
    }

    private static PinnedFiles.Source folder(TrainingPhotographs.Group group, Path served, AtomicInteger fetches) {
        return new PinnedFiles.Source() {
            @Override
            public String description() {
                return group.debianPackage().name() + " copy";
            }

            @Override
            public Path fetch(Path workDir) {
                fetches.incrementAndGet();
                return served.resolve(group.debianPackage().name());
            }
        };
    }

    private static void writeNoise(Path file) throws IOException {
        writeNoise(file, 40, 40);
    }

    private static Path writeNoise(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom random = new SplittableRandom(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
