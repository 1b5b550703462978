package io.digitstream.imagefolder;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.image.BuiltInImageReaders;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image file found by {@link ImageFolder}, with the dimensions from its header.
 *
 * @param label ground truth from a labels file or the file name, or null
 */
public record ImageFile(Path path, ImageFormat format, int width, int height, Integer label) {

    /**
     * Recognizes the file's format by content and reads its header only: no pixel is decoded, so even a huge image
     * costs next to nothing.
     *
     * @throws NotAnImageException when the content is none of the {@link ImageFormat}s
     * @throws IOException when the file cannot be read or its header is damaged
     */
    public static ImageFile open(Path file, Integer label) throws IOException {
        ImageFormat format = ImageFormat.of(head(file)).orElseThrow(NotAnImageException::new);
        ImageReader reader = BuiltInImageReaders.forFormat(format.imageIoName());
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            return new ImageFile(file, format, reader.getWidth(0), reader.getHeight(0), label);
        } catch (IOException | RuntimeException e) {
            throw new IOException("bad " + format.imageIoName() + " header: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /** The encoding the published record declares. */
    public PixelEncoding encoding() {
        return format.encoding();
    }

    /** {@code source/file name}: unique per source as long as the folder is. */
    public String id(String source) {
        return source + "/" + path.getFileName();
    }

    /** A record whose pixels are the file's bytes as stored (PNG, JPEG) or re-encoded as PNG (the other formats). */
    public DigitImage read(String source) throws IOException {
        byte[] pixels = format.sentAsIs() ? Files.readAllBytes(path) : toPng();
        return DigitRecords.of(id(source), source, DigitRecords.captureTimeNow(), encoding(), width, height, pixels, label);
    }

    private byte[] toPng() throws IOException {
        ImageReader reader = BuiltInImageReaders.forFormat(format.imageIoName());
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            reader.setInput(in, true, true);
            BufferedImage image = reader.read(0); // the first page or frame
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "PNG", png)) {
                throw new IOException("cannot re-encode this " + format.imageIoName() + " image as PNG");
            }
            return png.toByteArray();
        } catch (RuntimeException e) {
            throw new IOException("bad " + format.imageIoName() + " image: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ImageFormat.LONGEST);
        }
    }

    /** The file is not in any format this tool publishes. */
    public static final class NotAnImageException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAnImageException() {
            super("not an image; PNG, JPEG, BMP, TIFF and GIF are published");
        }
    }
}
