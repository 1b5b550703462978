package io.digitstream.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shipped model is: {@code $DIGITS_MODEL}, else {@code models/mnist-cnn.zip} under the
 * installation ({@code -Ddigits.home}, set by bin/digits) or under the nearest enclosing directory
 * that has one (so tests and IDE runs inside the repository find it too).
 */
public final class ModelLocator {

    public static final String SHIPPED = "models/mnist-cnn.zip";

    private ModelLocator() {
    }

    public static Path defaultModelPath() {
        String env = System.getenv("DIGITS_MODEL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String home = System.getProperty("digits.home");
        if (home != null) {
            return Path.of(home).resolve(SHIPPED);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SHIPPED))) {
                return dir.resolve(SHIPPED);
            }
        }
        return Path.of(SHIPPED);
    }
}
