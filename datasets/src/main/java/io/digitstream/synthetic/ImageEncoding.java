package io.digitstream.synthetic;

import io.digitstream.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes generated RGB pages as scanners deliver them, with the JDK's own writers (deterministic for the same
 * pixels and quality, and independent of other ImageIO plugins on the class path), in memory (no ImageIO cache files).
 */
public enum ImageEncoding {
    PNG("png", PixelEncoding.PNG),
    JPEG("jpeg", PixelEncoding.JPEG);

    private final String formatName;
    private final PixelEncoding encoding;

    ImageEncoding(String formatName, PixelEncoding encoding) {
        this.formatName = formatName;
        this.encoding = encoding;
    }

    public PixelEncoding encoding() {
        return encoding;
    }

    /**
     * @param rgb interleaved R, G, B bytes, row-major
     * @param quality JPEG quality 1..100 (ignored for PNG, which is lossless)
     */
    public byte[] encode(byte[] rgb, int width, int height, int quality) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < width * height; i++) {
            bgr[3 * i] = rgb[3 * i + 2];
            bgr[3 * i + 1] = rgb[3 * i + 1];
            bgr[3 * i + 2] = rgb[3 * i];
        }
        return write(image, quality);
    }

    /**
     * As {@link #encode}, for one 8-bit gray channel (0 black, 255 white, as the file shows it), written as a gray file.
     */
    public byte[] encodeGray(byte[] gray, int width, int height, int quality) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(gray, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, width * height);
        return write(image, quality);
    }

    private byte[] write(BufferedImage image, int quality) {
        ImageWriter writer = builtInWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (this == JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + this + " in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private ImageWriter builtInWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
        ImageWriter fallback = null;
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getOriginatingProvider().getClass().getName().startsWith("com.sun.imageio.plugins.")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return writer;
            }
            if (fallback == null) {
                fallback = writer;
            } else {
                writer.dispose();
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("this JVM has no ImageIO writer for " + formatName);
        }
        return fallback;
    }
}
