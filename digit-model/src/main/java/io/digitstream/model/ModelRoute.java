package io.digitstream.model;

import io.digitstream.config.ConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of {@code digits.model.routes}: images whose {@code source} matches {@code glob} are
 * classified by the model at {@code model}. In the glob, {@code *} matches any run of characters
 * (also none) and {@code ?} exactly one; everything else matches itself, and the whole source must match.
 */
public record ModelRoute(String glob, Path model) {

    public ModelRoute {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("a model route needs a source glob");
        }
    }

    /** The shipped rotation model, beside the default one. */
    public static final String ROTATION_MODEL = "mnist-rot.zip";
    /** Sources this glob matches are rotated streams (the synthetic {@code rot} and {@code rot-back-image} too). */
    public static final String ROTATED_SOURCES = "rot*";

    /**
     * The routes when none are configured: sources matching {@value #ROTATED_SOURCES} go to the rotation model
     * when it lies beside the default model (a 6 rotated 180 degrees is a 9, so upright streams must not use it).
     */
    public static List<ModelRoute> shippedDefaults(Path defaultModel) {
        Path rotation = defaultModel.toAbsolutePath().resolveSibling(ROTATION_MODEL);
        return java.nio.file.Files.isRegularFile(rotation) && !rotation.equals(defaultModel.toAbsolutePath())
                ? List.of(new ModelRoute(ROTATED_SOURCES, rotation)) : List.of();
    }

    public boolean matches(String source) {
        return source != null && pattern(glob).matcher(source).matches();
    }

    Pattern pattern() {
        return pattern(glob);
    }

    static Pattern pattern(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * Parses {@code SOURCE_GLOB=MODEL_PATH[,SOURCE_GLOB=MODEL_PATH...]}; blank gives no routes.
     *
     * @param key the configuration key, for the messages
     * @throws IllegalArgumentException naming the malformed entry
     */
    public static List<ModelRoute> parseAll(String key, String value) {
        List<ModelRoute> routes = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return routes;
        }
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String glob = eq < 0 ? "" : entry.substring(0, eq).strip();
            String path = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (glob.isEmpty() || path.isEmpty()) {
                throw new ConfigurationException("configuration " + key + ": entry '" + entry.strip()
                        + "' is not SOURCE_GLOB=MODEL_PATH (e.g. rot*=models/mnist-rot.zip)");
            }
            try {
                routes.add(new ModelRoute(glob, Path.of(path)));
            } catch (InvalidPathException e) {
                throw new ConfigurationException("configuration " + key + ": entry '" + entry.strip()
                        + "' has an invalid model path: " + e.getMessage(), e);
            }
        }
        return routes;
    }

    @Override
    public String toString() {
        return glob + "=" + model;
    }
}
