package io.digitstream.model;

import io.digitstream.config.ConfigKey;
import io.digitstream.config.ConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference engines this JVM can run: {@code dl4j} (built in: the {@link DigitModel} itself) and
 * those of the {@link EngineProvider}s on the class path; {@code auto} chooses among them.
 */
public final class Engines {

    /** The built-in engine: the reference every other engine is checked against. */
    public static final String DL4J = "dl4j";

    /**
     * The default of {@code digits.engine}: the engines on the class path that rank for it
     * ({@link EngineProvider#autoRank()}), the highest first (in {@code bin/digits}: ONNX Runtime int8, about 2.6 times
     * the float engine's speed with as many errors, then ONNX Runtime float32), else {@code dl4j}. An engine that
     * refuses a model (its agreement check) leaves that model to the next one.
     */
    public static final String AUTO = "auto";

    public static final ConfigKey<Boolean> QUARTER_TURNS = ConfigKey.bool("digits.engine.quarter-turns", true,
            "a model trained on rotated images only reads each image at its four quarter turns, and upright along its"
                    + " principal axis both ways up if trained so, and combines the readings: fewer errors on rotated"
                    + " streams for four (six) times the inference; a turn-pooled network (the shipped rotation model)"
                    + " reads its quarter turns itself, whatever this says");

    public static final ConfigKey<Double> REREAD_BELOW = ConfigKey.decimal("digits.engine.reread-below", 0.9, 0, 1,
            "an image whose top probability is below this is read again, moved by one pixel in each of four"
                    + " directions (by a rotation model: turned by 45, 22.5 and -22.5 degrees), and the readings combined:"
                    + " fewer errors for a little more inference (only unsure images are read again); 0 switches it off");

    private static final Logger log = LoggerFactory.getLogger(Engines.class);

    private Engines() {
    }

    /** Engine names, {@code auto} and {@code dl4j} first, then the providers found by {@link ServiceLoader} in name order. */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        names.add(AUTO);
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
        InferenceEngine engine = openEngine(name, model, settings);
        TrainingParameters trained = model.metadata() == null ? null : model.metadata().parameters();
        // a turn-pooled network reads the quarter turns itself: reading it at them again would give the same answer
        boolean anyAngle = trained != null && trained.rotatedOnly()
                && trained.architecture() != NetworkArchitecture.TURN_POOLED;
        InferenceEngine reading = anyAngle && QUARTER_TURNS.get(settings)
                ? new QuarterTurnReading(engine, trained.axisShare() > 0) : engine;
        double rereadBelow = REREAD_BELOW.get(settings);
        if (rereadBelow <= 0) {
            return reading;
        }
        // a network that reads every angle is steadier across angles than across one-pixel moves
        return trained != null && trained.rotatedOnly() ? new TurnRereading(reading, rereadBelow)
                : new ShiftRereading(reading, rereadBelow);
    }

    private static InferenceEngine openEngine(String name, DigitModel model, Map<String, String> settings)
            throws IOException {
        if (name == null || name.isBlank() || name.strip().equals(DL4J)) {
            return model;
        }
        if (name.strip().equals(AUTO)) {
            return openAuto(model, settings);
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

    /** The engine {@code name} stands for: {@code auto} resolved to the engine it would try first. */
    public static String resolve(String name) {
        if (name != null && name.strip().equals(AUTO)) {
            return autoProviders().stream().findFirst().map(EngineProvider::name).orElse(DL4J);
        }
        return name == null || name.isBlank() ? DL4J : name.strip();
    }

    private static InferenceEngine openAuto(DigitModel model, Map<String, String> settings) throws IOException {
        for (EngineProvider provider : autoProviders()) {
            try {
                return provider.open(model, settings);
            } catch (IllegalArgumentException e) { // a bad digits.engine.* setting: the user's to fix, as for a named engine
                throw e;
            } catch (IOException | RuntimeException | LinkageError e) {
                log.warn("digits.engine=auto: {} refused model {} ({}); trying the next engine", provider.name(),
                        model.version(), e.getMessage());
            }
        }
        return model;
    }

    /** The providers {@code auto} tries, in the order it tries them. */
    private static List<EngineProvider> autoProviders() {
        return providers().values().stream().filter(p -> p.autoRank() > 0)
                .sorted(Comparator.comparingInt(EngineProvider::autoRank).reversed()).toList();
    }

    /**
     * Checks that an engine called {@code name} is available, before any model is loaded.
     *
     * @return its provider, or null for the built-in {@code dl4j}
     * @throws IllegalArgumentException naming the available engines
     */
    public static EngineProvider require(String name) {
        if (name == null || name.isBlank() || name.strip().equals(DL4J) || name.strip().equals(AUTO)) {
            return null;
        }
        EngineProvider provider = providers().get(name.strip());
        if (provider == null) {
            String hint = available().size() == 2 ? " (the onnx engines need the engine-onnx module on the class path)" : "";
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
