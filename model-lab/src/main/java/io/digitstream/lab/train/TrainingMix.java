package io.digitstream.lab.train;

import io.digitstream.synthetic.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a model is trained on: shares of clean MNIST and of synthetic variants, e.g.
 * {@code clean:0.4,back-rand:0.15,back-image:0.15,notebook:0.3}. Each training image is drawn into one
 * source by a seeded choice, so the same mix and seed always build the same training set.
 */
public record TrainingMix(Map<String, Double> shares) {

    public static final String CLEAN = "clean";

    public TrainingMix {
        shares = Map.copyOf(shares);
    }

    public static TrainingMix parse(String spec) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double total = 0;
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("mix entry '" + entry + "' is not NAME:SHARE");
            }
            String name = parts[0].trim();
            if (!name.equals(CLEAN)) {
                Variant.byId(name); // names the known variants when it is not one
            }
            double share;
            try {
                share = Double.parseDouble(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mix share '" + parts[1] + "' is not a number");
            }
            if (!(share > 0)) {
                throw new IllegalArgumentException("mix share of " + name + " must be positive");
            }
            if (shares.put(name, share) != null) {
                throw new IllegalArgumentException("mix names " + name + " twice");
            }
            total += share;
        }
        Map<String, Double> normalized = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            normalized.put(e.getKey(), e.getValue() / total);
        }
        return new TrainingMix(normalized);
    }

    /** The sources in a fixed order (clean first, then the variants' declaration order). */
    List<String> sources() {
        List<String> names = new ArrayList<>();
        if (shares.containsKey(CLEAN)) {
            names.add(CLEAN);
        }
        for (Variant variant : Variant.values()) {
            if (shares.containsKey(variant.id())) {
                names.add(variant.id());
            }
        }
        return names;
    }

    /** The source of image {@code index}: a seeded draw, independent of every other index. */
    String sourceOf(int index, long seed) {
        double u = new SplittableRandom(seed * 1_000_003L + index).nextDouble();
        List<String> names = sources();
        double cumulative = 0;
        for (String name : names) {
            cumulative += shares.get(name);
            if (u < cumulative) {
                return name;
            }
        }
        return names.get(names.size() - 1);
    }

    public boolean needsTextures() {
        return sources().stream().anyMatch(name -> !name.equals(CLEAN) && Variant.byId(name).needsTextures());
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        for (String name : sources()) {
            text.append(text.isEmpty() ? "" : ",").append(name).append(':').append(String.format(java.util.Locale.ROOT, "%.3f", shares.get(name)));
        }
        return text.toString();
    }
}
