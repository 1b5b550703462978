package io.digitstream.imagefolder;

import java.nio.file.Path;

/** A file in an image folder that will not be published, and why. */
public record SkippedFile(Path path, String reason) {
}
