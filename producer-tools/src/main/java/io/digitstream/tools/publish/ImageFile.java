package io.digitstream.tools.publish;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PNG or JPEG file found by {@link ImageFolder}, with the dimensions from its header.
 *
 * @param label ground truth from the folder's labels file, or null
 */
public record ImageFile(Path path, PixelEncoding encoding, int width, int height, Integer label) {

    /** {@code source/file name}: unique per source as long as the folder is. */
    public String id(String source) {
        return source + "/" + path.getFileName();
    }

    /** Reads the file into a record whose pixels are the file's bytes exactly as stored. */
    public DigitImage read(String source) throws IOException {
        return DigitImages.of(id(source), source, encoding, width, height, Files.readAllBytes(path), label);
    }
}
