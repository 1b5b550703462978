package io.digitstream.tools.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    @Test
    void findsPngAndJpegByContentInNameOrderAndSkipsTheRest() throws IOException {
        TestImages.write(dir.resolve("b-photo.png"), "jpeg", 12, 8); // misnamed: content decides
        TestImages.write(dir.resolve("a-scan.bin"), "png", 20, 10);
        TestImages.write(dir.resolve("c.bmp"), "bmp", 4, 4);
        Files.write(dir.resolve("d.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.write(dir.resolve("e-truncated.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        Files.createDirectory(dir.resolve("subdir"));

        ImageFolder folder = ImageFolder.scan(dir, null);

        assertThat(folder.images()).extracting(f -> f.path().getFileName().toString(), ImageFile::encoding,
                        ImageFile::width, ImageFile::height, ImageFile::label)
                .containsExactly(tuple("a-scan.bin", PixelEncoding.PNG, 20, 10, null),
                        tuple("b-photo.png", PixelEncoding.JPEG, 12, 8, null));
        assertThat(folder.skipped()).extracting(s -> s.path().getFileName().toString())
                .containsExactly("c.bmp", "d.png", "e-truncated.png");
        assertThat(folder.skipped()).extracting(SkippedFile::reason).satisfiesExactly(
                bmp -> assertThat(bmp).isEqualTo("BMP images are not supported; only PNG and JPEG are published"),
                garbage -> assertThat(garbage).isEqualTo("not an image; only PNG and JPEG are published"),
                truncated -> assertThat(truncated).startsWith("unreadable: bad PNG header: "));
    }

    @Test
    void labelsComeFromLabelsCsvWhichIsNotAnImage() throws IOException {
        TestImages.write(dir.resolve("one.png"), "png", 28, 28);
        TestImages.write(dir.resolve("two.png"), "png", 28, 28);
        Files.writeString(dir.resolve(ImageFolder.LABELS_FILE), "file,label\ntwo.png,2\n");

        ImageFolder folder = ImageFolder.scan(dir, null);

        assertThat(folder.images()).extracting(ImageFile::label).containsExactly(null, 2);
        assertThat(folder.skipped()).isEmpty();
    }

    @Test
    void labelsCsvCanBeGivenElsewhere(@TempDir Path elsewhere) throws IOException {
        TestImages.write(dir.resolve("one.png"), "png", 28, 28);
        Path labels = Files.writeString(elsewhere.resolve("truth.csv"), "file,label\none.png,1\n");

        assertThat(ImageFolder.scan(dir, labels).images()).extracting(ImageFile::label).containsExactly(1);
    }

    @Test
    void recordCarriesTheFileBytesUnderSourceAndFileName() throws IOException {
        Path file = TestImages.write(dir.resolve("seven.jpg"), "jpeg", 16, 16);
        Files.writeString(dir.resolve(ImageFolder.LABELS_FILE), "file,label\nseven.jpg,7\n");

        DigitImage image = ImageFolder.scan(dir, null).images().get(0).read("scanner-1");

        assertThat(image.getId()).isEqualTo("scanner-1/seven.jpg");
        assertThat(image.getSource()).isEqualTo("scanner-1");
        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.JPEG);
        assertThat(image.getPixels()).isEqualTo(ByteBuffer.wrap(Files.readAllBytes(file)));
        assertThat(image.getLabel()).isEqualTo(7);
    }
}
