package io.digitstream.model;

import io.digitstream.config.ConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The inference engines this JVM can run: {@code dl4j} (built in: the {@link DigitModel} itself) and
 * those of the {@link EngineProvider}s on the class path.
 */
public final class Engines {

    /** The built-in engine and the default of {@code digits.engine}. */
    public static final String DL4J = "dl4j";

    private Engines() {
    }

    /** Engine names, {@code dl4j} first, then the providers found by {@link ServiceLoader} in name order. */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        names.add(DL4J);
        names.addAll(providers().keySet().stream().sorted().toList());
        return names;
    }

    /**
     * Opens {@code model} on the engine called {@code name}.
     *
     * @throws IllegalArgumentException when no engine has that name (the message names the available ones), or
     *         for a malformed {@code digits.engine.*} setting
     * @throws IOException when the engine refuses the model
     */
    public static InferenceEngine open(String name, DigitModel model, Map<String, String> settings) throws IOException {
        if (name == null || name.isBlank() || name.strip().equals(DL4J)) {
            return model;
        }
        EngineProvider provider = require(name);
        try {
            return provider.open(model, settings);
        } catch (IllegalArgumentException e) { // a bad digits.engine.* setting: the user's to fix, as it is
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("the " + provider.name() + " engine cannot run model " + model.version() + ": " + e, e);
        }
    }

    /**
     * Checks that an engine called {@code name} is available, before any model is loaded.
     *
     * @return its provider, or null for the built-in {@code dl4j}
     * @throws IllegalArgumentException naming the available engines
     */
    public static EngineProvider require(String name) {
        if (name == null || name.isBlank() || name.strip().equals(DL4J)) {
            return null;
        }
        EngineProvider provider = providers().get(name.strip());
        if (provider == null) {
            String hint = available().size() == 1 ? " (the onnx engines need the engine-onnx module on the class path)" : "";
            throw new ConfigurationException("unknown inference engine '" + name.strip() + "' (digits.engine); available: "
                    + String.join(", ", available()) + hint);
        }
        return provider;
    }

    private static Map<String, EngineProvider> providers() {
        Map<String, EngineProvider> providers = new LinkedHashMap<>();
        var iterator = ServiceLoader.load(EngineProvider.class).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                EngineProvider provider = iterator.next();
                providers.putIfAbsent(provider.name(), provider);
            } catch (java.util.ServiceConfigurationError e) {
                // a provider that cannot even be instantiated is not available; the others still are
            }
        }
        return providers;
    }
}
