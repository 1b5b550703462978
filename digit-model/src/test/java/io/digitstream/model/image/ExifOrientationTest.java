package io.digitstream.model.image;

import static io.digitstream.model.image.ImagePipelineTest.encode;
import static io.digitstream.model.image.ImagePipelineTest.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.digitstream.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    /** A 40x30 JPEG: dark, with a bright 10x6 block in its top-left corner. */
    private static byte[] storedJpeg() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 10; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        return encode(image, "jpg");
    }

    /** {@code jpeg} with an Exif block after its SOI whose first IFD holds {@code tags} (tag, type, value). */
    private static byte[] withExif(byte[] jpeg, boolean little, int[]... tags) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        writeBytes(tiff, little ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        write16(tiff, 42, little);
        write32(tiff, 8, little);
        write16(tiff, tags.length, little);
        for (int[] tag : tags) {
            write16(tiff, tag[0], little);
            write16(tiff, tag[1], little);
            write32(tiff, 1, little);
            write16(tiff, tag[2], little);
            write16(tiff, 0, little);
        }
        write32(tiff, 0, little);
        byte[] body = tiff.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        write16(out, 2 + 6 + body.length, false);
        writeBytes(out, new byte[] {'E', 'x', 'i', 'f', 0, 0});
        writeBytes(out, body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    private static void write16(ByteArrayOutputStream out, int value, boolean little) {
        out.write(little ? value & 0xFF : value >> 8 & 0xFF);
        out.write(little ? value >> 8 & 0xFF : value & 0xFF);
    }

    private static void write32(ByteArrayOutputStream out, long value, boolean little) {
        for (int i = 0; i < 4; i++) {
            int shift = little ? 8 * i : 8 * (3 - i);
            out.write((int) (value >> shift) & 0xFF);
        }
    }

    private GrayImage decode(byte[] jpeg) throws Exception {
        return decoder.decode(image(PixelEncoding.JPEG, 40, 30, jpeg));
    }

    /** Where the bright block lands, as its centre: {x, y}. */
    private static double[] brightCentre(GrayImage image) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (image.get(x, y) > 128) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return new double[] {sx / n, sy / n};
    }

    @Test
    void aPhoneHeldUprightIsReadUpright() throws Exception {
        // Orientation 6: the stored picture is turned a quarter anticlockwise; shown, its top-left goes top-right.
        GrayImage shown = decode(withExif(storedJpeg(), false, new int[] {0x0112, 3, 6}));
        assertThat(shown.width()).isEqualTo(30);
        assertThat(shown.height()).isEqualTo(40);
        assertThat(brightCentre(shown)).containsExactly(new double[] {26.5, 4.5}, offset(0.5));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyOrientationMovesTheCornerWhereTheCameraMeantIt(int orientation) throws Exception {
        // Where the stored top-left block is seen: the eight orientations of the Exif specification.
        double[][] expected = {{4.5, 2.5}, {34.5, 2.5}, {34.5, 26.5}, {4.5, 26.5}, {2.5, 4.5}, {26.5, 4.5},
            {26.5, 34.5}, {2.5, 34.5}};
        for (boolean little : new boolean[] {true, false}) {
            GrayImage shown = decode(withExif(storedJpeg(), little, new int[] {0x0100, 3, 40},
                    new int[] {0x0112, 3, orientation}));
            assertThat(brightCentre(shown)).as("orientation %d", orientation)
                    .containsExactly(expected[orientation - 1], offset(0.5));
        }
    }

    @Test
    void anythingButAWellFormedTagIsAsStored() throws Exception {
        byte[] stored = storedJpeg();
        GrayImage plain = decode(stored);
        for (byte[] jpeg : new byte[][] {
            withExif(stored, true, new int[] {0x0112, 3, 9}), // no such orientation
            withExif(stored, true, new int[] {0x0112, 4, 6}), // not a SHORT
            withExif(stored, true, new int[] {0x0110, 3, 6}), // another tag
        }) {
            assertThat(decode(jpeg).pixels()).isEqualTo(plain.pixels());
        }
        byte[] cut = withExif(stored, true, new int[] {0x0112, 3, 6});
        cut[12] = 'X'; // the TIFF header's byte order mark is broken
        assertThat(ExifOrientation.of(cut)).isEqualTo(ExifOrientation.NORMAL);
        byte[] truncated = Arrays.copyOf(withExif(stored, true, new int[] {0x0112, 3, 6}), 20);
        assertThat(ExifOrientation.of(truncated)).isEqualTo(ExifOrientation.NORMAL);
    }
}
