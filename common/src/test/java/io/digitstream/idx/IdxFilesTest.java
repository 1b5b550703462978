package io.digitstream.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsImagesAndLabels() throws IOException {
        LabeledImages written = threeImagesOf2x3();

        IdxWriter.write(written, images(), labels());
        LabeledImages read = LabeledImages.load(images(), labels());

        assertThat(read.count()).isEqualTo(3);
        assertThat(read.width()).isEqualTo(2);
        assertThat(read.height()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(read.image(i)).isEqualTo(written.image(i));
            assertThat(read.label(i)).isEqualTo(written.label(i));
        }
    }

    @Test
    void writesTheBigEndianHeaderOfTheMnistFiles() throws IOException {
        IdxWriter.write(threeImagesOf2x3(), images(), labels());

        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(images()));
        assertThat(new int[] {header.getInt(), header.getInt(), header.getInt(), header.getInt()})
                .containsExactly(0x00000803, 3, 3, 2);
        assertThat(ByteBuffer.wrap(Files.readAllBytes(labels())).getInt()).isEqualTo(0x00000801);
    }

    @Test
    void rejectsTheWrongMagicNumber() throws IOException {
        IdxWriter.write(threeImagesOf2x3(), images(), labels());

        assertThatThrownBy(() -> LabeledImages.load(labels(), labels()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("magic number 0x00000801, expected 0x00000803");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        IdxWriter.write(threeImagesOf2x3(), images(), labels());
        byte[] bytes = Files.readAllBytes(images());
        Files.write(images(), Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> LabeledImages.load(images(), labels()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is truncated: dimensions [3, 3, 2] need 18 data bytes, found 17");
    }

    @Test
    void rejectsATruncatedHeader() throws IOException {
        Files.write(images(), new byte[] {0, 0, 8, 3, 0, 0});
        IdxWriter.write(threeImagesOf2x3(), tmp.resolve("unused"), labels());

        assertThatThrownBy(() -> LabeledImages.load(images(), labels()))
                .hasMessageContaining("too short to hold an idx header");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        IdxWriter.write(threeImagesOf2x3(), images(), labels());
        Files.write(labels(), new byte[] {1}, StandardOpenOption.APPEND);

        assertThatThrownBy(() -> LabeledImages.load(images(), labels()))
                .hasMessageContaining("is longer than its dimensions [3] imply");
    }

    @Test
    void rejectsImageAndLabelCountsThatDiffer() throws IOException {
        IdxWriter.write(threeImagesOf2x3(), images(), tmp.resolve("unused"));
        IdxWriter.write(threeImagesOf2x3().head(2), tmp.resolve("unused"), labels());

        assertThatThrownBy(() -> LabeledImages.load(images(), labels()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("holds 3 images but")
                .hasMessageContaining("holds 2 labels");
    }

    private Path images() {
        return tmp.resolve("images-idx3-ubyte");
    }

    private Path labels() {
        return tmp.resolve("labels-idx1-ubyte");
    }

    /** Pixels 0, 15, ..., 255, so the top of the unsigned range is covered. */
    static LabeledImages threeImagesOf2x3() {
        byte[] pixels = new byte[3 * 6];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 15);
        }
        return new LabeledImages(2, 3, pixels, new int[] {7, 2, 1});
    }
}
