package io.digitstream.imagefolder;

import io.digitstream.schemas.PixelEncoding;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The image file formats a folder may hold, told apart by their first bytes whatever the file is called. PNG and JPEG
 * travel as they are; the {@code DigitImage} contract has no encoding for the others, so they are decoded here and
 * sent as PNG.
 */
public enum ImageFormat {
    PNG("PNG", true, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A),
    JPEG("JPEG", true, 0xFF, 0xD8, 0xFF),
    BMP("BMP", false, 'B', 'M'),
    TIFF_LITTLE_ENDIAN("TIFF", false, 'I', 'I', 42, 0),
    TIFF_BIG_ENDIAN("TIFF", false, 'M', 'M', 0, 42),
    GIF("GIF", false, 'G', 'I', 'F', '8');

    /** Bytes to read from a file to recognize any of the formats. */
    static final int LONGEST = 8;

    private final String imageIoName;
    private final boolean sentAsIs;
    private final int[] magic;

    ImageFormat(String imageIoName, boolean sentAsIs, int... magic) {
        this.imageIoName = imageIoName;
        this.sentAsIs = sentAsIs;
        this.magic = magic;
    }

    static Optional<ImageFormat> of(byte[] head) {
        return Stream.of(values()).filter(format -> format.matches(head)).findFirst();
    }

    /** The name ImageIO knows the format by. */
    String imageIoName() {
        return imageIoName;
    }

    /** Whether the file's bytes are sent unchanged; otherwise they are re-encoded as PNG. */
    public boolean sentAsIs() {
        return sentAsIs;
    }

    /** The encoding the published record declares. */
    public PixelEncoding encoding() {
        return this == JPEG ? PixelEncoding.JPEG : PixelEncoding.PNG;
    }

    private boolean matches(byte[] head) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
