package io.digitstream.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which engine classifies an image, by its {@code source}: the first {@link ModelRoute} whose glob
 * matches, else the default model ({@code digits.model}). Routes that name the same file share one
 * engine. Not thread-safe (it caches the route of each source, and its engines need not be): each
 * stream thread uses its own {@link #copy()}.
 */
public final class ModelRouter {

    /** Sources whose route is remembered; past this, routes are still found, just not cached. */
    private static final int CACHED_SOURCES = 1024;

    private record Routed(ModelRoute route, Pattern pattern, InferenceEngine engine) {
    }

    private final InferenceEngine fallback;
    private final List<Routed> routes;
    private final Map<String, InferenceEngine> bySource = new HashMap<>();
    /** The metadata of the models behind the engines, by version, where known. */
    private final Map<String, ModelMetadata> metadata;

    private ModelRouter(InferenceEngine fallback, List<Routed> routes, Map<String, ModelMetadata> metadata) {
        this.fallback = fallback;
        this.routes = List.copyOf(routes);
        this.metadata = Map.copyOf(metadata);
    }

    private ModelRouter(InferenceEngine fallback, List<Routed> routes) {
        this(fallback, routes, metadataOf(fallback, routes));
    }

    /** The metadata of those engines that are {@link DigitModel}s. */
    private static Map<String, ModelMetadata> metadataOf(InferenceEngine fallback, List<Routed> routes) {
        Map<String, ModelMetadata> known = new HashMap<>();
        List<InferenceEngine> engines = new ArrayList<>(List.of(fallback));
        routes.forEach(routed -> engines.add(routed.engine()));
        for (InferenceEngine engine : engines) {
            InferenceEngine reader = RepeatedReading.innermost(engine);
            if (reader instanceof DigitModel model) {
                known.put(model.version(), model.metadata());
            }
        }
        return known;
    }

    /** Every image to {@code engine}. */
    public static ModelRouter single(InferenceEngine engine) {
        return new ModelRouter(engine, List.of());
    }

    /** {@code routes} in order (first match wins), else {@code fallback}. */
    public static ModelRouter of(InferenceEngine fallback, Map<ModelRoute, ? extends InferenceEngine> routes) {
        return new ModelRouter(fallback, routed(routes));
    }

    private static List<Routed> routed(Map<ModelRoute, ? extends InferenceEngine> routes) {
        List<Routed> routed = new ArrayList<>();
        routes.forEach((route, engine) -> routed.add(new Routed(route, route.pattern(), engine)));
        return routed;
    }

    /**
     * Loads and verifies every model (each as {@link DigitModel#load} does: SHA-256 against its metadata,
     * shape, probabilities) and opens each on {@code engine}: the whole configuration is checked before
     * anything is classified.
     *
     * @param defaultModel the already loaded default model, or null to load it from {@code defaultPath}
     * @throws IOException naming the route whose model is missing, unverifiable or refused by the engine
     * @throws IllegalArgumentException for an unknown engine
     */
    public static ModelRouter load(Path defaultPath, DigitModel defaultModel, List<ModelRoute> routes, String engine,
            Map<String, String> settings) throws IOException {
        Engines.require(engine); // an unknown engine is refused before minutes of loading
        Map<Path, InferenceEngine> opened = new HashMap<>();
        DigitModel model = defaultModel != null ? defaultModel : DigitModel.load(defaultPath);
        InferenceEngine fallback = Engines.open(engine, model, settings);
        if (defaultModel == null) { // a model handed in need not be the file at defaultPath
            opened.put(defaultPath.toAbsolutePath().normalize(), fallback);
        }
        // By the version each engine writes into its predictions (onnx-int8 appends -int8), as they are looked up.
        Map<String, ModelMetadata> metadata = new HashMap<>(Map.of(fallback.version(), model.metadata()));
        Map<ModelRoute, InferenceEngine> routed = new LinkedHashMap<>();
        for (ModelRoute route : routes) {
            Path key = route.model().toAbsolutePath().normalize();
            InferenceEngine routeEngine = opened.get(key);
            if (routeEngine == null) {
                try {
                    DigitModel routeModel = DigitModel.load(route.model());
                    routeEngine = Engines.open(engine, routeModel, settings);
                    metadata.put(routeEngine.version(), routeModel.metadata());
                } catch (IOException e) {
                    throw new IOException("model route " + route + " (digits.model.routes): " + e.getMessage(), e);
                }
                opened.put(key, routeEngine);
            }
            routed.put(route, routeEngine);
        }
        return new ModelRouter(fallback, routed(routed), metadata);
    }

    /** The engine for images from {@code source}. */
    public InferenceEngine engineFor(String source) {
        if (routes.isEmpty()) {
            return fallback;
        }
        InferenceEngine engine = bySource.get(source);
        if (engine == null) {
            engine = fallback;
            for (Routed routed : routes) {
                if (source != null && routed.pattern().matcher(source).matches()) {
                    engine = routed.engine();
                    break;
                }
            }
            if (bySource.size() < CACHED_SOURCES) {
                bySource.put(source, engine);
            }
        }
        return engine;
    }

    /** The same routes, with {@code engine} (made from a model with {@code engineMetadata}) as the default model: a hot swap. */
    public ModelRouter withDefault(InferenceEngine engine, ModelMetadata engineMetadata) {
        // Earlier versions stay known: their predictions may still be in open metrics windows.
        Map<String, ModelMetadata> known = new HashMap<>(metadata);
        if (engineMetadata != null) {
            known.put(engine.version(), engineMetadata);
        }
        return new ModelRouter(engine, routes, known);
    }

    public InferenceEngine defaultEngine() {
        return fallback;
    }

    /** The default engine, then each route's, in route order (an engine shared by routes appears once per route). */
    public List<InferenceEngine> engines() {
        List<InferenceEngine> engines = new ArrayList<>();
        engines.add(fallback);
        routes.forEach(routed -> engines.add(routed.engine()));
        return engines;
    }

    /** The metadata of the loaded models by version (each prediction's {@code modelVersion}), where known. */
    public Map<String, ModelMetadata> metadata() {
        return metadata;
    }

    public List<ModelRoute> routes() {
        return routes.stream().map(Routed::route).toList();
    }

    /** Copies of every engine (one copy per distinct engine, so shared engines stay shared), for one more thread. */
    public ModelRouter copy() {
        Map<InferenceEngine, InferenceEngine> copies = new IdentityHashMap<>();
        InferenceEngine fallbackCopy = copies.computeIfAbsent(fallback, InferenceEngine::copy);
        List<Routed> routedCopies = new ArrayList<>();
        for (Routed routed : routes) {
            routedCopies.add(new Routed(routed.route(), routed.pattern(), copies.computeIfAbsent(routed.engine(), InferenceEngine::copy)));
        }
        return new ModelRouter(fallbackCopy, routedCopies, metadata);
    }

    /**
     * Closes this router's engines that hold native resources (ONNX Runtime sessions). Only for a router made by
     * {@link #copy()} and no longer used: the engines of a copy belong to it alone.
     */
    public void close() {
        Map<InferenceEngine, Boolean> distinct = new IdentityHashMap<>();
        engines().forEach(engine -> distinct.put(engine, true));
        for (InferenceEngine engine : distinct.keySet()) {
            if (engine instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing engine " + engine.version() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** For the start-up log: {@code default v1; rot*=models/mnist-rot.zip (v2)}. */
    public String describe() {
        StringBuilder text = new StringBuilder("default ").append(fallback.version());
        for (Routed routed : routes) {
            text.append("; ").append(routed.route()).append(" (").append(routed.engine().version()).append(')');
        }
        return text.toString();
    }
}
