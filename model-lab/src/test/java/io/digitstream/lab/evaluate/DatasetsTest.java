package io.digitstream.lab.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.mnist.MnistFetcher;
import io.digitstream.robustness.EvaluationSet;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.Variant;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void theNamesListEveryVariant() {
        for (Variant variant : Variant.values()) {
            assertThat(Datasets.NAMES).contains(variant.id());
        }
        assertThat(Datasets.NAMES).contains("mnist-test", "mnist-train", "dir:PATH");
        for (EvaluationSet set : EvaluationSet.ALL) {
            assertThat(Datasets.NAMES.split(", ")).as(set.name()).contains(set.name());
        }
    }

    @Test
    void aFolderIsReadWithItsLabelsInFileNameOrder(@TempDir Path dir) throws Exception {
        write(dir.resolve("b.png"), "png", 64, 48);
        write(dir.resolve("a.jpg"), "jpg", 30, 90);
        Files.writeString(dir.resolve("labels.csv"), "file,label\na.jpg,7\nb.png,3\n");

        List<DigitImage> images = Datasets.load("dir:" + dir, MnistFetcher.withDefaults(), 0);

        assertThat(images).extracting(DigitImage::getLabel).containsExactly(7, 3);
        assertThat(images).extracting(DigitImage::getEncoding).containsExactly(PixelEncoding.JPEG, PixelEncoding.PNG);
        assertThat(images).extracting(DigitImage::getWidth).containsExactly(30, 64);
        assertThat(Datasets.load("dir:" + dir, MnistFetcher.withDefaults(), 1)).hasSize(1);
    }

    @Test
    void aFolderWithAFileThatIsNoImageIsRefused(@TempDir Path dir) throws Exception {
        write(dir.resolve("a.png"), "png", 28, 28);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        assertThatThrownBy(() -> Datasets.load("dir:" + dir, MnistFetcher.withDefaults(), 0))
                .hasMessageContaining("notes.txt");
    }

    @Test
    void anUnknownNameSaysWhichAreKnown() {
        assertThatThrownBy(() -> Datasets.load("mnist-blurry", MnistFetcher.withDefaults(), 1))
                .hasMessageContaining("unknown dataset 'mnist-blurry'").hasMessageContaining("notebook");
    }

    private static void write(Path file, String format, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(image, format, file.toFile());
    }
}
