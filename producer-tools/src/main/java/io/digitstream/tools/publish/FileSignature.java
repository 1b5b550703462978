package io.digitstream.tools.publish;

import io.digitstream.schemas.PixelEncoding;
import java.util.Optional;
import java.util.stream.Stream;

/** Image formats told apart by their first bytes, whatever the file is called. */
enum FileSignature {
    PNG(PixelEncoding.PNG, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A),
    JPEG(PixelEncoding.JPEG, 0xFF, 0xD8, 0xFF),
    // Recognized only to say why they are skipped: the contract carries PNG and JPEG.
    BMP(null, 'B', 'M'),
    GIF(null, 'G', 'I', 'F', '8');

    /** Bytes to read from a file to recognize any of the formats. */
    static final int LONGEST = 8;

    private final PixelEncoding encoding;
    private final int[] magic;

    FileSignature(PixelEncoding encoding, int... magic) {
        this.encoding = encoding;
        this.magic = magic;
    }

    static Optional<FileSignature> of(byte[] head) {
        return Stream.of(values()).filter(signature -> signature.matches(head)).findFirst();
    }

    /** The contract's encoding for this format; empty when the contract has none. */
    Optional<PixelEncoding> encoding() {
        return Optional.ofNullable(encoding);
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
