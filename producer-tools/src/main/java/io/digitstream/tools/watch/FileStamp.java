package io.digitstream.tools.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A file of the drop folder as it is at one moment: name, size and last modification. The same name with another
 * size or time is another file (a scanner that reuses names); the same stamp on two checks means nobody is writing.
 */
record FileStamp(String name, long size, long lastModifiedMillis) {

    /** @return the stamp of a regular file; empty when it is gone or not a regular file */
    static Optional<FileStamp> of(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new FileStamp(file.getFileName().toString(), attributes.size(),
                attributes.lastModifiedTime().toMillis()));
    }
}
