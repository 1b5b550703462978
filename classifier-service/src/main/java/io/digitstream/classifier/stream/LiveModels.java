package io.digitstream.classifier.stream;

import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.ModelRouter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models the stream classifies with right now, shared by every stream thread of an instance. A change
 * (a hot swap) installs a whole new {@link ModelSet}; each thread takes it up at the start of its next batch
 * ({@link RecordClassifier#classifyAll}), so one batch is always classified by one set, nothing in flight is
 * dropped, and every prediction names the version that made it. Verifying a model before it is installed is
 * the caller's job: what is installed here serves.
 */
public final class LiveModels {

    private static final Logger log = LoggerFactory.getLogger(LiveModels.class);

    /**
     * One immutable set of models.
     *
     * @param generation increases with every change, so a thread sees that its copies are stale
     * @param champion   the engines predictions come from (the default model and the routed ones)
     * @param challenger scored beside the champion, or null
     */
    public record ModelSet(long generation, ModelRouter champion, Challenger challenger) {

        public ModelSet {
            Objects.requireNonNull(champion, "champion");
        }
    }

    /**
     * A model scored beside the champion.
     *
     * @param canaryShare the share of images (0..1) whose output is the challenger's prediction; 0 scores every
     *                    image in shadow only
     */
    public record Challenger(InferenceEngine engine, double canaryShare) {

        public Challenger {
            Objects.requireNonNull(engine, "engine");
            if (!(canaryShare >= 0 && canaryShare <= 1)) {
                throw new IllegalArgumentException("canary share " + canaryShare + " is not within 0..1");
            }
        }

        public boolean shadow() {
            return canaryShare == 0;
        }
    }

    private final AtomicReference<ModelSet> current;
    private final LongAdder challengerFailures = new LongAdder();

    public LiveModels(ModelRouter champion) {
        this.current = new AtomicReference<>(new ModelSet(1, champion, null));
    }

    public ModelSet current() {
        return current.get();
    }

    /**
     * Serves {@code engine}, made from a model with {@code metadata}, as the default model from the next batch on; routed
     * sources keep their models.
     */
    public synchronized ModelSet swapDefault(InferenceEngine engine, ModelMetadata metadata) {
        ModelSet previous = current.get();
        return install(previous, new ModelSet(previous.generation() + 1, previous.champion().withDefault(engine, metadata),
                previous.challenger()));
    }

    /** Batches the challenger failed to score (its predictions were left out; the champion's were output). */
    public long challengerFailures() {
        return challengerFailures.sum();
    }

    void challengerFailed() {
        challengerFailures.increment();
    }

    /** Scores {@code challenger} beside the champion from the next batch on; null removes the challenger. */
    public synchronized ModelSet challenge(Challenger challenger) {
        ModelSet previous = current.get();
        return install(previous, new ModelSet(previous.generation() + 1, previous.champion(), challenger));
    }

    /**
     * Installs {@code next} and closes the engines of {@code previous} it no longer uses (ONNX Runtime sessions; each
     * thread closes its own copies). Safe while a thread still copies one: a copy is made from the model's bytes alone.
     */
    private ModelSet install(ModelSet previous, ModelSet next) {
        current.set(next);
        Set<InferenceEngine> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(next.champion().engines());
        if (next.challenger() != null) {
            kept.add(next.challenger().engine());
        }
        List<InferenceEngine> replaced = new ArrayList<>(previous.champion().engines());
        if (previous.challenger() != null) {
            replaced.add(previous.challenger().engine());
        }
        Set<InferenceEngine> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (InferenceEngine engine : replaced) {
            if (!kept.contains(engine) && closed.add(engine) && engine instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("closing replaced model {}: {}", engine.version(), e.toString());
                }
            }
        }
        return next;
    }
}
