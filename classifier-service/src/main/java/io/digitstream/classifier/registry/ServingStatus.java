package io.digitstream.classifier.registry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.classifier.stream.LiveModels;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What serves and what the registry follower did: the {@code /models} JSON and the meters
 * {@code digits_model_swaps_total}, {@code digits_model_refusals_total} and {@code digits_model_serving{role,version}}
 * (1 for each version serving now).
 */
public final class ServingStatus implements MeterBinder {

    /** One refusal or swap, for the JSON. */
    record Event(String role, String version, String detail, Instant at) {
    }

    private final LiveModels live;
    private final String topic;
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private volatile Event lastSwap;
    private volatile Event lastRefusal;
    private volatile MultiGauge serving;

    ServingStatus(LiveModels live, String topic) {
        this.live = live;
        this.topic = topic;
    }

    void swapped(String role, String version, long openMillis) {
        swaps.incrementAndGet();
        lastSwap = new Event(role, version, "verified and opened in " + openMillis + " ms", Instant.now());
        refreshServing();
    }

    void refused(String role, String version, String reason) {
        refusals.incrementAndGet();
        lastRefusal = new Event(role, version, reason, Instant.now());
    }

    public long swaps() {
        return swaps.get();
    }

    public long refusals() {
        return refusals.get();
    }

    /** The latest refusal's reason, or null. */
    public String lastRefusalReason() {
        Event event = lastRefusal;
        return event == null ? null : event.detail();
    }

    public String championVersion() {
        return live.current().champion().defaultEngine().version();
    }

    /** The challenger's version, or null. */
    public String challengerVersion() {
        LiveModels.Challenger challenger = live.current().challenger();
        return challenger == null ? null : challenger.engine().version();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("digits_model_swaps_total", swaps, AtomicLong::get)
                .description("Models from the registry verified and installed (champion or challenger)").register(registry);
        FunctionCounter.builder("digits_model_refusals_total", refusals, AtomicLong::get)
                .description("Registry releases or roles refused (digest, signature, not a model, engine); the old model"
                        + " kept serving").register(registry);
        serving = MultiGauge.builder("digits_model_serving").description("1 for each model version serving, by role")
                .register(registry);
        refreshServing();
    }

    void refreshServing() {
        MultiGauge gauge = serving;
        if (gauge == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        rows.add(MultiGauge.Row.of(Tags.of("role", "champion", "version", championVersion()), 1));
        String challenger = challengerVersion();
        if (challenger != null) {
            rows.add(MultiGauge.Row.of(Tags.of("role", "challenger", "version", challenger), 1));
        }
        gauge.register(rows, true);
    }

    /** The {@code /models} answer. */
    public ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        LiveModels.ModelSet set = live.current();
        json.put("registryTopic", topic);
        json.putObject("champion").put("version", championVersion()).put("models", set.champion().describe());
        LiveModels.Challenger challenger = set.challenger();
        if (challenger == null) {
            json.putNull("challenger");
        } else {
            json.putObject("challenger").put("version", challenger.engine().version())
                    .put("canaryShare", challenger.canaryShare());
        }
        json.put("generation", set.generation()).put("swaps", swaps.get()).put("refusals", refusals.get());
        put(json, "lastSwap", lastSwap);
        put(json, "lastRefusal", lastRefusal);
        return json;
    }

    private static void put(ObjectNode json, String name, Event event) {
        if (event == null) {
            json.putNull(name);
        } else {
            json.putObject(name).put("role", event.role()).put("version", event.version()).put("detail", event.detail())
                    .put("at", event.at().toString());
        }
    }
}
