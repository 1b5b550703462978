package io.digitstream.imagefolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    private ImageFolder scan() throws IOException {
        return ImageFolder.scan(dir, FileLabels.of(dir, null, null));
    }

    @Test
    void findsImagesByContentInNameOrderAndSkipsTheRest() throws IOException {
        TestImages.write(dir.resolve("b-photo.png"), "jpeg", 12, 8); // misnamed: content decides
        TestImages.write(dir.resolve("a-scan.bin"), "png", 20, 10);
        TestImages.write(dir.resolve("c.bmp"), "bmp", 4, 4);
        Files.write(dir.resolve("d.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.write(dir.resolve("e-truncated.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        TestImages.write(dir.resolve(".hidden.png"), "png", 4, 4);
        Files.createDirectory(dir.resolve("subdir"));

        ImageFolder folder = scan();

        assertThat(folder.images()).extracting(f -> f.path().getFileName().toString(), ImageFile::encoding,
                        ImageFile::width, ImageFile::height, ImageFile::label)
                .containsExactly(tuple("a-scan.bin", PixelEncoding.PNG, 20, 10, null),
                        tuple("b-photo.png", PixelEncoding.JPEG, 12, 8, null),
                        tuple("c.bmp", PixelEncoding.PNG, 4, 4, null));
        assertThat(folder.skipped()).extracting(s -> s.path().getFileName().toString())
                .containsExactly("d.png", "e-truncated.png");
        assertThat(folder.skipped()).extracting(SkippedFile::reason).satisfiesExactly(
                garbage -> assertThat(garbage).isEqualTo("not an image; PNG, JPEG, BMP, TIFF and GIF are published"),
                truncated -> assertThat(truncated).startsWith("unreadable: bad PNG header: "));
    }

    @Test
    void bmpTiffAndGifAreSentAsPngWithTheSamePixels() throws IOException {
        for (String format : new String[] {"bmp", "tiff", "gif"}) {
            Path file = TestImages.write(dir.resolve("digit." + format), format, 9, 7);
            BufferedImage original = ImageIO.read(file.toFile());

            ImageFile image = ImageFile.open(file, 4);
            DigitImage record = image.read("scanner");

            assertThat(image.format().sentAsIs()).as(format).isFalse();
            assertThat(record.getEncoding()).as(format).isEqualTo(PixelEncoding.PNG);
            assertThat(record.getWidth()).isEqualTo(9);
            assertThat(record.getHeight()).isEqualTo(7);
            assertThat(record.getLabel()).isEqualTo(4);
            BufferedImage sent = ImageIO.read(new ByteArrayInputStream(record.getPixels().array()));
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 9; x++) {
                    assertThat(sent.getRGB(x, y)).as("%s pixel %d,%d", format, x, y).isEqualTo(original.getRGB(x, y));
                }
            }
        }
    }

    @Test
    void labelsComeFromLabelsCsvWhichIsNotAnImage() throws IOException {
        TestImages.write(dir.resolve("one.png"), "png", 28, 28);
        TestImages.write(dir.resolve("two.png"), "png", 28, 28);
        Files.writeString(dir.resolve(ImageFolder.LABELS_FILE), "file,label\ntwo.png,2\n");

        ImageFolder folder = scan();

        assertThat(folder.images()).extracting(ImageFile::label).containsExactly(null, 2);
        assertThat(folder.skipped()).isEmpty();
    }

    @Test
    void labelsCsvCanBeGivenElsewhere(@TempDir Path elsewhere) throws IOException {
        TestImages.write(dir.resolve("one.png"), "png", 28, 28);
        Path labels = Files.writeString(elsewhere.resolve("truth.csv"), "file,label\none.png,1\n");

        assertThat(ImageFolder.scan(dir, FileLabels.of(dir, labels, null)).images()).extracting(ImageFile::label)
                .containsExactly(1);
    }

    @Test
    void labelsComeFromTheFileNameWhereTheCsvHasNone() throws IOException {
        for (String name : new String[] {"3_a.png", "7_b.png", "x_c.png", "5_d.jpg", "6_listed.png"}) {
            TestImages.write(dir.resolve(name), name.endsWith(".jpg") ? "jpeg" : "png", 28, 28);
        }
        Files.writeString(dir.resolve(ImageFolder.LABELS_FILE), "file,label\n6_listed.png,9\n");
        Pattern pattern = Pattern.compile("(?<label>\\w)_.*\\.png");

        ImageFolder folder = ImageFolder.scan(dir, FileLabels.of(dir, null, pattern));

        assertThat(folder.images()).extracting(f -> f.path().getFileName().toString(), ImageFile::label)
                .containsExactly(tuple("3_a.png", 3), tuple("5_d.jpg", null), tuple("6_listed.png", 9),
                        tuple("7_b.png", 7));
        assertThat(folder.skipped()).extracting(SkippedFile::reason)
                .containsExactly("the label 'x' taken from the file name is not a digit 0-9");
    }

    @Test
    void aNamePatternNeedsALabelGroup() {
        assertThatThrownBy(() -> FileLabels.of(dir, null, Pattern.compile("(\\d)_.*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no group (?<label>...)");
    }

    @Test
    void recordCarriesTheFileBytesUnderSourceAndFileName() throws IOException {
        Path file = TestImages.write(dir.resolve("seven.jpg"), "jpeg", 16, 16);
        Files.writeString(dir.resolve(ImageFolder.LABELS_FILE), "file,label\nseven.jpg,7\n");

        DigitImage image = scan().images().get(0).read("scanner-1");

        assertThat(image.getId()).isEqualTo("scanner-1/seven.jpg");
        assertThat(image.getSource()).isEqualTo("scanner-1");
        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.JPEG);
        assertThat(image.getPixels()).isEqualTo(ByteBuffer.wrap(Files.readAllBytes(file)));
        assertThat(image.getLabel()).isEqualTo(7);
    }
}
