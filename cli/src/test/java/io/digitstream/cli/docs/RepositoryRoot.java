package io.digitstream.cli.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checked-out repository the tests run in: the directory with the Maven wrapper and README.md. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path path() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root at or above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
