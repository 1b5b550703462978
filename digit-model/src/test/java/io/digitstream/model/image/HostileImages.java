package io.digitstream.model.image;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Well-formed and malicious PNG/JPEG files for the tests of the image path. */
public final class HostileImages {

    private HostileImages() {
    }

    public static DigitImage image(String id, PixelEncoding encoding, int width, int height, byte[] bytes) {
        return DigitImage.newBuilder().setId(id).setSource("hostile").setCaptureTime(Instant.EPOCH).setWidth(width)
                .setHeight(height).setEncoding(encoding).setPixels(ByteBuffer.wrap(bytes)).build();
    }

    /** A 28x28 gray digit-like stroke (a diagonal bar), encoded as {@code format} ("png" or "jpg"). */
    public static byte[] stroke(String format) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 4; i < 24; i++) {
            for (int w = 0; w < 3; w++) {
                image.getRaster().setSample(Math.min(27, i + w), i, 0, 255);
            }
        }
        return encode(image, format);
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A PNG whose header claims {@code width x height} 8-bit gray pixels, with an IDAT of a few hundred
     * bytes: decoding it would allocate width x height bytes, but reading its header must not.
     */
    public static byte[] pngBomb(int width, int height) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream ihdr = new DataOutputStream(header);
            ihdr.writeInt(width);
            ihdr.writeInt(height);
            ihdr.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit gray, deflate, adaptive filter, no interlace
            chunk(out, "IHDR", header.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat)) {
                deflate.write(new byte[64 * 1024]); // the first rows only; deflate makes it tiny
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /** A real 28x28 JPEG whose frame header (SOF0) is rewritten to claim {@code width x height}. */
    public static byte[] jpegBomb(int width, int height) {
        byte[] jpeg = stroke("jpg");
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("the JDK's JPEG writer wrote no baseline frame header");
    }

    /** The first {@code fraction} of a file, as a broken upload leaves it. */
    public static byte[] truncated(byte[] file, double fraction) {
        return Arrays.copyOf(file, (int) (file.length * fraction));
    }

    /** A file whose compressed data after the first {@code keep} bytes is overwritten with noise. */
    public static byte[] corrupted(byte[] file, int keep, long seed) {
        byte[] copy = file.clone();
        java.util.Random random = new java.util.Random(seed);
        for (int i = keep; i < copy.length; i++) {
            copy[i] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
